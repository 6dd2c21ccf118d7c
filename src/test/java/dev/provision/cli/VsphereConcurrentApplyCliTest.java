package dev.provision.cli;

import static dev.provision.vsphere.sim.VcsimServer.hostName;
import static dev.provision.vsphere.sim.VcsimServer.vmName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.boot.Providers;
import dev.provision.engine.ProviderRegistry;
import dev.provision.spec.TargetKind;
import dev.provision.vsphere.InventoryReader;
import dev.provision.vsphere.VcsimPowerEvents;
import dev.provision.vsphere.VsphereConnection;
import dev.provision.vsphere.VsphereEndpoint;
import dev.provision.vsphere.VsphereProvider;
import dev.provision.vsphere.VsphereTrust;
import dev.provision.vsphere.VsphereVm;
import dev.provision.vsphere.sim.VcsimScenario;
import dev.provision.vsphere.sim.VcsimServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two applies of one spec at once against vcsim (issue 15, "two applies at once"). The race is made deterministic:
 * the first apply's changes are held at their first step, inside their leases ({@link HeldChanges}), until the test
 * has run a plan and the second apply, so the second one meets live leases every time, however slowly a loaded
 * machine runs it (a guest that took 3 s to shut down used to be all the second apply had). vcsim enforces the reconfigure's changeVersion as vCenter does
 * (src/test/vcsim/simulator-change-version.patch), so the compare-and-set under the lease is real here.
 */
class VsphereConcurrentApplyCliTest {
    private static final String SECRET_VARIABLE = "VSPHERE_PASSWORD";
    private static final List<String> VMS = List.of("desk-a", "desk-b");

    @TempDir
    Path dir;

    private VcsimServer vcsim;

    @AfterEach
    void stop() {
        if (vcsim != null) {
            vcsim.close();
        }
    }

    @Test
    void theSecondApplyRefusesTheLeasedVmsAndEveryVmIsPowerCycledOnce() throws Exception {
        vcsim = new VcsimServer().withVms(2).withHosts(1).withScenario(VcsimScenario.create()
                .allVms(vm -> vm.guestId("windows9_64Guest").hardwareVersion("vmx-13").poweredOn()
                        .onHost(hostName(0)))
                .vm(vmName(0), vm -> vm.name(VMS.get(0)))
                .vm(vmName(1), vm -> vm.name(VMS.get(1)))).start();
        Path spec = spec();
        Map<String, Integer> powerOnsBefore = VcsimPowerEvents.powerOnsByMoid(vcsim); // vcsim's own at creation

        HeldChanges hold = new HeldChanges(VMS.size());
        CompletableFuture<CliRun> first = CompletableFuture.supplyAsync(
                () -> CliRun.run(held(hold), "apply", "--auto-approve", spec.toString()));
        CliRun plan;
        CliRun second;
        try {
            hold.awaitAllHeld();
            awaitLeases(first);
            plan = CliRun.run(context(), "plan", spec.toString());
            second = CliRun.run(context(), "apply", "--auto-approve", spec.toString());
        } finally {
            hold.release();
        }
        CliRun firstRun = first.get(HeldChanges.DEADLINE.toSeconds(), TimeUnit.SECONDS);

        SecondApplyRefused.assertOn("vc", VMS, firstRun, plan, second);
        Map<String, VsphereVm> after = vms();
        Map<String, Integer> powerOns = VcsimPowerEvents.powerOnsByMoid(vcsim);
        for (String vm : VMS) {
            String moid = after.get(vm).moid();
            assertEquals(1, powerOns.getOrDefault(moid, 0) - powerOnsBefore.getOrDefault(moid, 0),
                    vm + " was power-cycled exactly once: " + powerOnsBefore + " -> " + powerOns);
        }
        for (String vm : VMS) {
            assertTrue(after.get(vm).nestedHvEnabled(), vm);
            assertEquals(null, after.get(vm).lease(), "the first apply released its lease on " + vm);
        }
        CliRun third = CliRun.run(context(), "apply", "--auto-approve", spec.toString());
        assertEquals(ExitCode.OK, third.exit, "after the first finished, another apply has nothing to do:\n" + third);
    }

    /** Waits (no time limit of its own: surefire's timeout and the first apply's end bound it) for both leases. */
    private void awaitLeases(CompletableFuture<CliRun> first) throws InterruptedException {
        while (!vms().values().stream().filter(vm -> VMS.contains(vm.name())).allMatch(vm -> vm.lease() != null)) {
            if (first.isDone()) {
                throw new AssertionError("the first apply ended before it held both leases:\n" + first.join());
            }
            Thread.sleep(20);
        }
    }

    private Path spec() throws java.io.IOException {
        Path file = dir.resolve("vsphere.yaml");
        Files.writeString(file, """
                desired:
                  powerCycle: graceful
                  shutdownTimeout: 2m
                targets:
                  - name: vc
                    kind: vsphere
                    vsphere:
                      url: %s
                      username: %s
                      password: ${env:%s}
                      thumbprint: "%s"
                    vms:
                      - pattern: "desk-*"
                """.formatted(vcsim.url(), vcsim.username(), SECRET_VARIABLE, vcsim.thumbprint()));
        return file;
    }

    private Context context() {
        return new Context(env(), null, folder -> Providers.standard(folder, env()));
    }

    /** The standard vSphere provider, its changes held by {@code hold}. */
    private Context held(HeldChanges hold) {
        return new Context(env(), null, folder -> new ProviderRegistry().register(TargetKind.VSPHERE,
                target -> hold.around(VsphereProvider.open(target, env()))));
    }

    private Map<String, String> env() {
        return Map.of("CI", "true", SECRET_VARIABLE, vcsim.password());
    }

    private Map<String, VsphereVm> vms() {
        VsphereEndpoint endpoint = VsphereEndpoint.of(vcsim.url(), vcsim.username(), vcsim.password(),
                VsphereTrust.pinnedSha256(vcsim.thumbprint()));
        try (VsphereConnection connection = VsphereConnection.open(endpoint)) {
            return new InventoryReader(connection).readVms().vms().stream()
                    .collect(java.util.stream.Collectors.toMap(VsphereVm::name, vm -> vm));
        }
    }
}
