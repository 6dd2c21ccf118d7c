package dev.provision.cli;

import static dev.provision.vsphere.sim.VcsimServer.hostName;
import static dev.provision.vsphere.sim.VcsimServer.vmName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.boot.Providers;
import dev.provision.vsphere.InventoryReader;
import dev.provision.vsphere.VsphereConnection;
import dev.provision.vsphere.VsphereEndpoint;
import dev.provision.vsphere.VsphereTrust;
import dev.provision.vsphere.VsphereVm;
import dev.provision.vsphere.sim.VcsimScenario;
import dev.provision.vsphere.sim.VcsimServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole workflow on vSphere through the real command line, against a fresh vcsim per test: a fleet with
 * every case the rules know (on, off, already enabled, vmx-08, a host without support, a passthrough device, a
 * guest that never shuts down), under each power-cycle policy, then a second apply.
 */
class VsphereCliTest {
    private static final String SECRET_VARIABLE = "VSPHERE_PASSWORD";

    @TempDir
    Path dir;

    private VcsimServer vcsim;

    @AfterEach
    void stop() {
        if (vcsim != null) {
            vcsim.close();
        }
    }

    private void startFleet(Duration sessionTimeout) {
        VcsimScenario fleet = VcsimScenario.create()
                .allVms(vm -> vm.guestId("windows9_64Guest").hardwareVersion("vmx-13").poweredOn().onHost(hostName(0)))
                .vm(vmName(0), vm -> vm.name("vdi-on"))
                .vm(vmName(1), vm -> vm.name("vdi-off").poweredOff())
                .vm(vmName(2), vm -> vm.name("vdi-enabled").nestedHvEnabled(true).vhvEnable("TRUE"))
                .vm(vmName(3), vm -> vm.name("vdi-old").hardwareVersion("vmx-08").poweredOff())
                .vm(vmName(4), vm -> vm.name("vdi-nohost").onHost(hostName(1)))
                .vm(vmName(5), vm -> vm.name("vdi-passthrough").pciPassthrough())
                .vm(vmName(6), vm -> vm.name("vdi-stubborn").toolsRunning(false))
                .vm(vmName(7), vm -> vm.name("legacy-01").hardwareVersion("vmx-08"))
                .host(hostName(1), host -> host.nestedHvSupported(false));
        vcsim = new VcsimServer().withVms(8).withHosts(2).withSessionTimeout(sessionTimeout).withScenario(fleet).start();
    }

    /** A spec as a user writes it: the password only by reference, the server pinned by its thumbprint. */
    private Path spec(String policy, String trust) throws IOException {
        Path file = dir.resolve("vsphere-" + policy + ".yaml");
        Files.writeString(file, """
                desired:
                  powerCycle: %s
                  shutdownTimeout: 2s
                targets:
                  - name: vc
                    kind: vsphere
                    vsphere:
                      url: %s
                      username: %s
                      password: ${env:%s}
                      %s
                    vms:
                      - pattern: "vdi-*"
                      - name: legacy-01
                        upgradeHardware: true
                """.formatted(policy, vcsim.url(), vcsim.username(), SECRET_VARIABLE, trust));
        return file;
    }

    private Path spec(String policy) throws IOException {
        return spec(policy, "thumbprint: \"" + vcsim.thumbprint() + "\"");
    }

    private Context context(Context.Approver approver) {
        Map<String, String> env = Map.of("CI", "true", SECRET_VARIABLE, vcsim.password());
        return new Context(env, approver, folder -> Providers.standard(folder, env));
    }

    private CliRun run(String... args) {
        CliRun r = CliRun.run(context(null), args);
        assertFalse(r.out.contains(vcsim.password()) || r.err.contains(vcsim.password()), "the password leaked:\n" + r);
        return r;
    }

    private Map<String, VsphereVm> vms() {
        VsphereEndpoint endpoint = VsphereEndpoint.of(vcsim.url(), vcsim.username(), vcsim.password(),
                VsphereTrust.pinnedSha256(vcsim.thumbprint()));
        try (VsphereConnection connection = VsphereConnection.open(endpoint)) {
            return new InventoryReader(connection).readVms().vms().stream()
                    .collect(Collectors.toMap(VsphereVm::name, Function.identity()));
        }
    }

    private static void assertLine(String text, String expected) {
        assertTrue(text.lines().anyMatch(l -> l.contains(expected)), "no line with '" + expected + "' in:\n" + text);
    }

    @Test
    void planSaysWhatHappensToEachVmAndWhy() throws IOException {
        startFleet(Duration.ZERO);
        CliRun r = run("plan", spec("graceful").toString());
        assertEquals(ExitCode.OK, r.exit, r.toString());
        assertLine(r.out, "vc/vdi-on  update  [power-cycle]");
        assertLine(r.out, "nestedVirtualization: false -> true");
        assertLine(r.out, "because VM is off: changed without a power cycle, left off");
        assertLine(r.out, "REFUSED: hardware version vmx-08 is older than vmx-09");
        assertLine(r.out, "REFUSED: host DC0_C0_H1 does not support nested hardware virtualization");
        assertLine(r.out, "REFUSED: Virtualization is not supported on a virtual machine with a PCI passthrough device");
        assertLine(r.out, "hardwareForNesting: too old -> vmx-09 or later");
        assertLine(r.out, "vc/legacy-01: the hardware upgrade from vmx-08 to vmx-09 cannot be undone");
        assertLine(r.out, "vc/vdi-stubborn: VMware Tools is not running in the guest");
        assertFalse(r.out.contains("vc/vdi-enabled"), "an enabled VM is not listed as a change:\n" + r.out);
        assertLine(r.out, "Plan: 0 to create, 4 to update, 0 to replace, 1 unchanged, 3 refused.");
    }

    @Test
    void neverChangesOnlyTheVmsThatAreOffAndReportsTheRunningOnesAsPending() throws IOException {
        startFleet(Duration.ZERO);
        CliRun r = run("apply", "--auto-approve", spec("never").toString());
        assertEquals(ExitCode.APPLY_PARTLY_FAILED, r.exit, "refused VMs make the apply exit 4:\n" + r);
        assertLine(r.out, "Apply: 1 applied, 0 failed, 3 refused, 3 pending, 0 not started, 1 unchanged.");
        assertLine(r.out, "PENDING vc/vdi-on: VM is on and powerCycle is 'never'");
        Map<String, VsphereVm> vms = vms();
        assertTrue(vms.get("vdi-off").nestedHvEnabled());
        assertEquals(VsphereVm.RuntimePowerState.POWERED_OFF, vms.get("vdi-off").powerState());
        assertFalse(vms.get("vdi-on").nestedHvEnabled());
        assertEquals(VsphereVm.RuntimePowerState.POWERED_ON, vms.get("vdi-on").powerState());
        assertEquals("vmx-08", vms.get("legacy-01").hardwareVersion(), "pending: not upgraded");

        CliRun again = run("apply", "--auto-approve", spec("never").toString());
        assertLine(again.out, "Apply: 0 applied, 0 failed, 3 refused, 3 pending, 0 not started, 2 unchanged.");
    }

    @Test
    void gracefulPowerCyclesWhatShutsDownAndFailsTheGuestThatDoesNotLeavingItRunning() throws IOException {
        startFleet(Duration.ZERO);
        CliRun r = run("apply", "--auto-approve", spec("graceful").toString());
        assertEquals(ExitCode.APPLY_PARTLY_FAILED, r.exit, r.toString());
        assertLine(r.out, "Apply: 3 applied, 1 failed, 3 refused, 0 pending, 0 not started, 1 unchanged.");
        assertLine(r.out, "FAILED vc/vdi-stubborn: shutting down failed: VMware Tools did not run in the guest within 2s");
        assertLine(r.out, "(VM left powered on, nested virtualization off)");
        Map<String, VsphereVm> vms = vms();
        for (String changed : List.of("vdi-on", "legacy-01")) {
            assertTrue(vms.get(changed).nestedHvEnabled(), changed);
            assertEquals(VsphereVm.RuntimePowerState.POWERED_ON, vms.get(changed).powerState(), changed);
        }
        assertTrue(vms.get("legacy-01").hardwareVersionNumber() >= 9, vms.get("legacy-01").hardwareVersion());
        assertEquals(VsphereVm.RuntimePowerState.POWERED_ON, vms.get("vdi-stubborn").powerState());
        assertFalse(vms.get("vdi-stubborn").nestedHvEnabled());
        assertFalse(vms.get("vdi-passthrough").nestedHvEnabled());
        assertFalse(vms.get("vdi-nohost").nestedHvEnabled());
    }

    @Test
    void forcePowersOffHardAfterTheTimeoutAndASecondApplyIsANoOp() throws IOException {
        startFleet(Duration.ZERO);
        CliRun r = run("apply", "--auto-approve", spec("force").toString());
        assertEquals(ExitCode.APPLY_PARTLY_FAILED, r.exit, r.toString());
        assertLine(r.out, "Apply: 4 applied, 0 failed, 3 refused, 0 pending, 0 not started, 1 unchanged.");
        assertTrue(vms().get("vdi-stubborn").nestedHvEnabled());
        assertEquals(VsphereVm.RuntimePowerState.POWERED_ON, vms().get("vdi-stubborn").powerState());

        CliRun plan = run("plan", "--detailed-exitcode", spec("force").toString());
        assertEquals(ExitCode.CANNOT_REACH_WANTED_STATE, plan.exit, "only refusals are left: not as wanted:\n" + plan);
        CliRun again = run("apply", "--auto-approve", spec("force").toString());
        assertLine(again.out, "Apply: 0 applied, 0 failed, 3 refused, 0 pending, 0 not started, 5 unchanged.");
    }

    @Test
    void aSavedPlanHoldsNoSecretAndIsAppliedAsReviewed() throws IOException {
        startFleet(Duration.ZERO);
        Path saved = dir.resolve("plan.json");
        assertEquals(ExitCode.OK, run("plan", "--out", saved.toString(), spec("graceful").toString()).exit);
        assertFalse(Files.readString(saved).contains(vcsim.password()));
        CliRun r = run("apply", saved.toString());
        assertLine(r.out, "Apply: 3 applied, 1 failed, 3 refused");
        CliRun stale = run("apply", saved.toString());
        assertEquals(ExitCode.STALE_PLAN, stale.exit, "the VMs moved since the plan:\n" + stale);
    }

    @Test
    void aWrongThumbprintIsRefusedInOneLine() throws IOException {
        startFleet(Duration.ZERO);
        CliRun r = run("plan", spec("graceful", "thumbprint: \"" + "00:".repeat(31) + "00\"").toString());
        assertEquals(ExitCode.FAILURE, r.exit, r.toString());
        List<String> errors = r.err.lines().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), r.err);
        assertTrue(errors.get(0).contains("does not match the pinned 00:00"), errors.get(0));
        assertFalse(r.err.contains("\tat "), "no stack trace:\n" + r.err);
    }

    @Test
    void insecureIsLoudInThePlanAndInTheApplyOfASavedPlan() throws IOException {
        startFleet(Duration.ZERO);
        Path insecure = spec("never", "insecure: true");
        CliRun plan = run("plan", insecure.toString());
        assertLine(plan.out, "vc: INSECURE: TLS certificate checks are OFF");
        Path saved = dir.resolve("insecure-plan.json");
        run("plan", "--out", saved.toString(), insecure.toString());
        CliRun apply = run("apply", saved.toString());
        assertLine(apply.out, "vc: INSECURE: TLS certificate checks are OFF");
        CliRun applySpec = run("apply", "--auto-approve", insecure.toString());
        assertLine(applySpec.out, "vc: INSECURE: TLS certificate checks are OFF");
    }

    @Test
    void aSessionThatExpiresWhileThePersonReviewsThePlanIsRenewed() throws IOException {
        Duration idle = Duration.ofSeconds(1);
        startFleet(idle);
        Context.Approver slowReviewer = question -> {
            try {
                Thread.sleep(idle.toMillis() * 5 / 2); // longer than the session lives: it expires mid-apply
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        };
        CliRun r = CliRun.run(context(slowReviewer), "apply", spec("graceful").toString());
        assertEquals(ExitCode.APPLY_PARTLY_FAILED, r.exit, r.toString());
        assertLine(r.out, "Apply: 3 applied, 1 failed, 3 refused");
        assertTrue(vms().get("vdi-on").nestedHvEnabled());
    }
}
