package dev.provision.cli;

import static dev.provision.vsphere.sim.VcsimServer.hostName;
import static dev.provision.vsphere.sim.VcsimServer.vmName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.boot.Providers;
import dev.provision.vsphere.InventoryReader;
import dev.provision.vsphere.VcsimPowerEvents;
import dev.provision.vsphere.VsphereConnection;
import dev.provision.vsphere.VsphereEndpoint;
import dev.provision.vsphere.VsphereTrust;
import dev.provision.vsphere.VsphereVm;
import dev.provision.vsphere.sim.VcsimScenario;
import dev.provision.vsphere.sim.VcsimServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two applies of one spec at once against vcsim (issue 15, "two applies at once"). The race is made deterministic:
 * the second apply starts only once the first holds the leases and is waiting for slow guests to shut down, so the
 * second one meets live leases every time. vcsim enforces the reconfigure's changeVersion as vCenter does
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
                        .onHost(hostName(0)).guest(g -> g.shutdownMillis(3000)))
                .vm(vmName(0), vm -> vm.name(VMS.get(0)))
                .vm(vmName(1), vm -> vm.name(VMS.get(1)))).start();
        Path spec = spec();
        Map<String, Integer> powerOnsBefore = VcsimPowerEvents.powerOnsByMoid(vcsim); // vcsim's own at creation

        CompletableFuture<CliRun> first = CompletableFuture.supplyAsync(
                () -> CliRun.run(context(), "apply", "--auto-approve", spec.toString()));
        awaitLeases(first);
        CliRun plan = CliRun.run(context(), "plan", spec.toString());
        CliRun second = CliRun.run(context(), "apply", "--auto-approve", spec.toString());
        CliRun firstRun = first.get();

        assertEquals(ExitCode.OK, firstRun.exit, firstRun.toString());
        assertTrue(firstRun.out.contains("Apply: 2 applied"), firstRun.toString());
        for (String vm : VMS) {
            assertTrue(plan.out.lines().anyMatch(l -> l.contains("vc/" + vm + ": leased by another apply (run=")
                    && l.contains(" until 20")), "plan shows the lease:\n" + plan);
            assertTrue(second.out.lines().anyMatch(l -> l.contains("vc/" + vm)
                    && l.contains("is leased by another apply (run=") && l.contains("pid=")), second.toString());
        }
        assertEquals(ExitCode.APPLY_PARTLY_FAILED, second.exit, second.toString());
        assertTrue(second.out.contains("0 applied, 0 failed, 2 refused"), second.toString());
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
        Map<String, String> env = Map.of("CI", "true", SECRET_VARIABLE, vcsim.password());
        return new Context(env, null, folder -> Providers.standard(folder, env));
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
