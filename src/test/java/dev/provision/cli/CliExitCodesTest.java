package dev.provision.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provision.armlab.ArmEmulator;
import dev.provision.boot.Providers;
import dev.provision.rehearsal.DocumentedNesting;
import dev.provision.vsphere.sim.VcsimScenario;
import dev.provision.vsphere.sim.VcsimServer;
import dev.provision.vsphere.sim.VcsimTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
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
 * The exit codes and counts a pipeline relies on, through the real command line: a fleet that is not as wanted
 * never exits 0 under {@code plan --detailed-exitcode}, and the JSON summary counts as the text footer does.
 */
class CliExitCodesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private VcsimServer vcsim;
    private ArmEmulator arm;

    @BeforeEach
    void copySpecs() throws IOException {
        for (String name : List.of("fleet.yaml", "unverifiable.yaml", "no-match.yaml")) {
            try (InputStream in = getClass().getResourceAsStream("/cli/" + name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
    }

    @AfterEach
    void stop() {
        if (vcsim != null) {
            vcsim.close();
        }
        if (arm != null) {
            arm.close();
        }
    }

    private String spec(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void aPlanWhoseOnlyChangeIsPendingIsDriftNotSuccess() {
        CliRun r = CliRun.run(CliRun.pipeline(), "plan", "--detailed-exitcode", spec("unverifiable.yaml"));
        assertEquals(ExitCode.CHANGES_PRESENT, r.exit, "powerCycle: never held the change back:\n" + r);
        assertTrue(r.out.contains("Plan: 0 to create, 0 to update, 0 to replace, 0 unchanged, 1 pending."), r.out);
    }

    @Test
    void theJsonSummaryCountsAsTheFooterDoes() throws Exception {
        CliRun text = CliRun.run(CliRun.pipeline(), "plan", spec("unverifiable.yaml"));
        CliRun json = CliRun.run(CliRun.pipeline(), "plan", "--json", spec("unverifiable.yaml"));
        assertTrue(text.out.contains("0 to update"), text.out);
        JsonNode summary = JSON.readTree(json.out).get("summary");
        assertEquals(0, summary.get("update").asInt(), "a held-back change is not counted as an update: " + summary);
        assertEquals(1, summary.get("pending").asInt(), summary.toString());
        assertEquals(0, summary.get("refused").asInt(), summary.toString());
        assertEquals(1, summary.get("blocked").asInt(), summary.toString());
    }

    /** vmx-08 without upgradeHardware, a host without nested support, a VM that is off, one already enabled. */
    private Path vsphereFleet() throws IOException {
        VcsimScenario fleet = VcsimScenario.create()
                .allVms(vm -> vm.guestId("windows9_64Guest").hardwareVersion("vmx-13").poweredOff().onHost(hostName(0)))
                .vm(vmName(0), vm -> vm.name("vdi-old").hardwareVersion("vmx-08"))
                .vm(vmName(1), vm -> vm.name("vdi-nohost").onHost(hostName(1)))
                .vm(vmName(2), vm -> vm.name("vdi-off"))
                .vm(vmName(3), vm -> vm.name("vdi-enabled").nestedHvEnabled(true).vhvEnable("TRUE"))
                .host(hostName(1), host -> host.nestedHvSupported(false));
        vcsim = new VcsimServer().withVms(4).withHosts(2).withScenario(fleet).start();
        Path file = dir.resolve("vsphere.yaml");
        Files.writeString(file, """
                desired:
                  powerCycle: graceful
                targets:
                """ + VcsimTarget.yaml(vcsim, "VSPHERE_PASSWORD", "vdi-*"));
        return file;
    }

    private CliRun vsphere(String... args) {
        Map<String, String> env = Map.of("CI", "true", "VSPHERE_PASSWORD", vcsim.password());
        return CliRun.run(new Context(env, null, folder -> Providers.standard(folder, env)), args);
    }

    @Test
    void refusedVmsHaveTheirOwnExitCodeWithOrWithoutChangesBesideThem() throws Exception {
        Path spec = vsphereFleet();
        CliRun mixed = vsphere("plan", "--detailed-exitcode", spec.toString());
        assertEquals(ExitCode.CANNOT_REACH_WANTED_STATE, mixed.exit, "refused outweighs changes:\n" + mixed);
        assertTrue(mixed.out.contains("Plan: 0 to create, 1 to update, 0 to replace, 1 unchanged, 2 refused."),
                mixed.out);
        JsonNode summary = JSON.readTree(vsphere("plan", "--json", spec.toString()).out).get("summary");
        assertEquals("{\"create\":0,\"update\":1,\"replace\":0,\"no-op\":1,\"blocked\":2,\"disruptive\":0,"
                + "\"refused\":2,\"pending\":0}", summary.toString(), "the footer's counts");

        assertEquals(ExitCode.APPLY_PARTLY_FAILED, vsphere("apply", "--auto-approve", "--no-verify",
                spec.toString()).exit, "apply reports refused VMs as part of exit 4");
        CliRun onlyRefusals = vsphere("plan", "--detailed-exitcode", spec.toString());
        assertEquals(ExitCode.CANNOT_REACH_WANTED_STATE, onlyRefusals.exit, "nothing to apply, yet the fleet is "
                + "not as wanted:\n" + onlyRefusals);
        assertEquals(ExitCode.OK, vsphere("plan", spec.toString()).exit, "without the flag, a plan that ran is 0");
    }

    @Test
    void aCreateNoSizeCanServeIsRefusedAndTheDriftCheckFails() throws Exception {
        arm = ArmEmulator.builder().nestingFamilies(DocumentedNesting.families())
                .tlsCacheDir(Path.of("target", "armlab-tls")).pollsBeforeDone(0)
                .resourceGroup("exit-rg", "eastus2").quota("cores", 0).start();
        Path spec = dir.resolve("azure.yaml");
        Files.writeString(spec, "extends: docker-desktop\ndesired:\n  guest:\n    checks: []\ntargets:\n"
                + EmulatorTarget.yaml(arm, "exit-rg", dir, List.of("vdi-new")));
        Map<String, String> env = Map.of("AZURE_ACCESS_TOKEN", "exit-token", "VM_ADMIN_PASSWORD", "Exit-Admin-1!",
                "CI", "true", "PROVISION_CACHE_DIR", dir.resolve("cache").toString());
        CliRun r = CliRun.run(new Context(env, null, folder -> Providers.standard(folder, env)), "plan",
                "--detailed-exitcode", spec.toString());
        assertEquals(ExitCode.CANNOT_REACH_WANTED_STATE, r.exit, r.toString());
        assertTrue(r.out.contains("Plan: 0 to create, 0 to update, 0 to replace, 0 unchanged, 1 refused."), r.out);
    }

    @Test
    void aFleetAsWantedStillExitsZero() {
        assertEquals(ExitCode.OK, CliRun.run(CliRun.pipeline(), "apply", "--auto-approve", "--no-verify",
                spec("fleet.yaml")).exit);
        CliRun r = CliRun.run(CliRun.pipeline(), "plan", "--detailed-exitcode", spec("fleet.yaml"));
        assertEquals(ExitCode.OK, r.exit, r.toString());
    }

    @Test
    void everyCommandsHelpListsEveryExitCode() {
        for (String verb : List.of("validate", "plan", "apply", "verify", "sizes", "probe")) {
            CliRun r = CliRun.run(CliRun.pipeline(), verb, "--help");
            assertEquals(ExitCode.OK, r.exit, r.toString());
            for (String line : ExitCode.HELP) {
                String code = line.substring(0, line.indexOf(':'));
                assertTrue(r.out.lines().anyMatch(l -> l.trim().startsWith(code + " ")), verb + " lacks " + code
                        + ":\n" + r.out);
            }
            assertTrue(r.out.replaceAll("\\s+", " ").contains("7 Some VMs cannot be brought to the wanted state"),
                    r.out);
        }
        String plan = CliRun.run(CliRun.pipeline(), "plan", "--help").out.replaceAll("\\s+", " ");
        assertTrue(plan.contains("--detailed-exitcode Exit 0 only when every VM is as wanted: 7 when some VMs are "
                + "refused"), plan);
    }

    @Test
    void anInputProblemFoundAfterReadingTheVmsDoesNotClaimNothingWasContacted() {
        CliRun r = CliRun.run(CliRun.pipeline(), "plan", spec("no-match.yaml"));
        assertEquals(ExitCode.INVALID_INPUT, r.exit, r.toString());
        assertTrue(r.err.contains("matches no VM"), r.err);
        assertTrue(r.err.lines().anyMatch(l -> l.equals("1 error; nothing was changed")), r.err);
        assertFalse(r.err.contains("contacted"), "the lab was read before the pattern was resolved:\n" + r.err);
    }
}
