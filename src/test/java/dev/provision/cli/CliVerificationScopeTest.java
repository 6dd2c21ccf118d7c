package dev.provision.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provision.armlab.ArmEmulator;
import dev.provision.armlab.RequestMatcher;
import dev.provision.boot.Providers;
import dev.provision.rehearsal.DocumentedNesting;
import dev.provision.vsphere.sim.VcsimScenario;
import dev.provision.vsphere.sim.VcsimServer;
import dev.provision.vsphere.sim.VcsimTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.provision.vsphere.sim.VcsimServer.hostName;
import static dev.provision.vsphere.sim.VcsimServer.vmName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Verification covers the VMs it can mean something for, through the real command line: a VM that was never made
 * or was refused is not probed, and every VM left out (no checks included) gets one line saying why, in the output
 * and in the reports.
 */
class CliVerificationScopeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private ArmEmulator arm;
    private VcsimServer vcsim;

    @AfterEach
    void stop() {
        if (arm != null) {
            arm.close();
        }
        if (vcsim != null) {
            vcsim.close();
        }
    }

    private static void assertLine(String text, String expected) {
        assertTrue(text.lines().anyMatch(l -> l.contains(expected)), "no line with '" + expected + "' in:\n" + text);
    }

    /** Two creates with the docker-desktop checks on the emulator; {@code setup} decides what becomes of them. */
    private CliRun azureApply(java.util.function.UnaryOperator<ArmEmulator.Builder> setup,
                              java.util.function.Consumer<ArmEmulator> faults) throws Exception {
        arm = setup.apply(ArmEmulator.builder().nestingFamilies(DocumentedNesting.families())
                .tlsCacheDir(Path.of("target", "armlab-tls")).pollsBeforeDone(0)
                .resourceGroup("scope-rg", "eastus2")).start();
        faults.accept(arm);
        Path spec = dir.resolve("azure.yaml");
        Files.writeString(spec, "extends: docker-desktop\ndesired:\n  guest:\n    user: vdiuser\ntargets:\n"
                + EmulatorTarget.yaml(arm, "scope-rg", dir, List.of("vdi-new")));
        Map<String, String> env = Map.of("AZURE_ACCESS_TOKEN", "scope-token", "VM_ADMIN_PASSWORD", "Scope-Admin-1!",
                "CI", "true", "PROVISION_CACHE_DIR", dir.resolve("cache").toString());
        return CliRun.run(new Context(env, null, folder -> Providers.standard(folder, env)), "apply",
                "--auto-approve", "--report", "json=" + dir.resolve("verify.json"), "--report",
                "junit=" + dir.resolve("verify.xml"), spec.toString());
    }

    @Test
    void aRefusedCreateIsNotProbedAndSaysWhy() throws Exception {
        CliRun r = azureApply(b -> b.quota("cores", 0), a -> { });
        assertEquals(ExitCode.APPLY_PARTLY_FAILED, r.exit, r.toString());
        assertFalse(r.out.contains("guest not probed"), r.out);
        assertLine(r.out, "not verified  refused: ");
        assertLine(r.out, "Verification: 1 VM, 0 passed, 0 failed, 1 not verified.");
        JsonNode vm = JSON.readTree(Files.readString(dir.resolve("verify.json"))).get("vms").get(0);
        assertEquals("refused", vm.get("notVerified").get("reason").asText(), vm.toString());
        assertTrue(Files.readString(dir.resolve("verify.xml")).contains("<skipped message=\"not verified: refused: "));
    }

    @Test
    void aCreateThatAzureFailsIsNotProbed() throws Exception {
        // The emulator's own quota fault (its wording and source are in armlab's FaultInjector), on the create.
        CliRun r = azureApply(b -> b, a -> a.faults().quotaExceeded(RequestMatcher.operation(
                "VirtualMachines_CreateOrUpdate"), 10));
        assertEquals(ExitCode.APPLY_PARTLY_FAILED, r.exit, r.toString());
        assertLine(r.out, "FAILED azure/vdi-new");
        assertFalse(r.out.contains("guest not probed"), r.out);
        assertLine(r.out, "not verified  not created: its create failed: ");
    }

    @Test
    void aLinuxGuestRefusedAsNotWindowsGetsNoWindowsProbe() throws Exception {
        VcsimScenario scenario = VcsimScenario.create()
                .allVms(vm -> vm.guestId("windows9_64Guest").hardwareVersion("vmx-13").poweredOff().onHost(hostName(0)))
                .vm(vmName(0), vm -> vm.name("vdi-linux").guestId("ubuntu64Guest"));
        vcsim = new VcsimServer().withVms(1).withHosts(1).withScenario(scenario).start();
        Path spec = dir.resolve("vsphere.yaml");
        Files.writeString(spec, """
                extends: docker-desktop
                desired:
                  powerCycle: graceful
                  guest:
                    user: builder
                    password: ${env:GUEST_PASSWORD}
                targets:
                """ + VcsimTarget.yaml(vcsim, "VSPHERE_PASSWORD", "vdi-*"));
        Map<String, String> env = Map.of("CI", "true", "VSPHERE_PASSWORD", vcsim.password(),
                "GUEST_PASSWORD", "Guest-Never-Printed-4!");
        Context context = new Context(env, null, folder -> Providers.standard(folder, env));
        CliRun apply = CliRun.run(context, "apply", "--auto-approve", spec.toString());
        assertEquals(ExitCode.APPLY_PARTLY_FAILED, apply.exit, apply.toString());
        assertFalse(apply.err.contains("probing guest") || apply.err.contains("vdi-linux: guest"),
                "no Windows probe on a Linux guest:\n" + apply);
        assertLine(apply.out, "not verified  refused: the guest OS is 'ubuntu64Guest', not Windows");

        CliRun verify = CliRun.run(context, "verify", spec.toString());
        assertEquals(ExitCode.VERIFICATION_FAILED, verify.exit, "not proven ready:\n" + verify);
        assertFalse(verify.err.contains("probing guest") || verify.out.contains("guest not probed"), verify.toString());
        assertLine(verify.out, "not verified  refused: the guest OS is 'ubuntu64Guest', not Windows");
    }

    @Test
    void aVmWithoutChecksIsListedAsNotVerifiedAndDoesNotFailTheRun() throws Exception {
        Path spec = dir.resolve("lab.yaml");
        Files.writeString(spec, """
                extends: docker-desktop
                desired:
                  powerCycle: graceful
                  guest:
                    user: labuser
                targets:
                  - name: lab
                    kind: lab
                    lab:
                      stateFile: state/lab.json
                      vms:
                        - {name: vdi-01, power: on, nestedVirtualization: true, vcpus: 4, memoryGiB: 16,
                           features: [Microsoft-Hyper-V-All, VirtualMachinePlatform, Microsoft-Windows-Subsystem-Linux]}
                        - {name: kiosk-01, power: on, nestedVirtualization: true, vcpus: 4, memoryGiB: 16}
                    vms:
                      - name: vdi-01
                      - name: kiosk-01
                        guest:
                          checks: []
                """);
        Path markdown = dir.resolve("verify.md");
        CliRun r = CliRun.run(CliRun.pipeline(), "verify", "--report", "markdown=" + markdown, spec.toString());
        assertEquals(ExitCode.OK, r.exit, r.toString());
        assertLine(r.out, "lab/kiosk-01");
        assertLine(r.out, "not verified  no guest checks are wanted");
        assertLine(r.out, "Verification: 2 VMs, 1 passed, 0 failed, 1 not verified.");
        String md = Files.readString(markdown);
        assertTrue(md.contains("- **lab / kiosk-01**: no guest checks are wanted"), md);
        assertTrue(md.contains("✅ provision verify: the VM passed (1 asked for no checks)"), md);
    }
}
