package dev.provision.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provision.armlab.ArmEmulator;
import dev.provision.armlab.ArmPowerState;
import dev.provision.armlab.RequestLog;
import dev.provision.armlab.RequestMatcher;
import dev.provision.armlab.SecurityType;
import dev.provision.armlab.SeedVm;
import dev.provision.armlab.WindowsGuest;
import dev.provision.armlab.WindowsGuestAgent;
import dev.provision.boot.Providers;
import dev.provision.rehearsal.DocumentedNesting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guest verification and opt-in remediation on Azure, end to end through the command line: the real SDK, the
 * real probe scripts sent by Run Command (system part as SYSTEM, user part as managed Run Command with runAsUser),
 * answered by the ARM emulator's Windows guest from the simulated VM's state.
 */
class CliAzureGuestTest {
    private static final String RG = "guest-rg";
    private static final String TOKEN = "guest-token-never-printed-31";
    private static final String ADMIN_PASSWORD = "Guest-Admin-Never-Printed-2!";
    private static final String GUEST_PASSWORD = "Vdi-User-Never-Printed-3!";
    private static final String USER = "vdiuser";
    private static final int CHECKS = 7; // the docker-desktop profile's, platform and vdi included

    @TempDir
    Path dir;

    private ArmEmulator arm;
    private Path spec;
    private Context context;
    private final List<String> printed = new ArrayList<>();

    @AfterEach
    void stop() {
        if (arm != null) {
            arm.close();
        }
    }

    /** A Windows 11 Enterprise guest with the account the spec names, the given features on. */
    private static WindowsGuest windows11(String... enabled) {
        WindowsGuest guest = new WindowsGuest().edition(WindowsGuest.Edition.WINDOWS_11_ENTERPRISE)
                .account(USER, GUEST_PASSWORD);
        for (String feature : enabled) {
            guest.feature(feature, WindowsGuest.ENABLED);
        }
        return guest;
    }

    private static List<String> names(ArmEmulator arm) {
        return arm.vms().stream().map(vm -> vm.name()).toList();
    }

    private void start(List<SeedVm> seeds, String guestPasswordInEnv) throws Exception {
        ArmEmulator.Builder builder = ArmEmulator.builder().nestingFamilies(DocumentedNesting.families())
                .tlsCacheDir(Path.of("target", "armlab-tls"))
                .pollsBeforeDone(0).resourceGroup(RG, "eastus2");
        seeds.forEach(builder::seedVm);
        arm = builder.start();
        String yaml = """
                extends: docker-desktop
                desired:
                  powerCycle: graceful
                  guest:
                    user: %s
                    password: ${env:GUEST_PASSWORD}
                    enableFeatures: true
                targets:
                """.formatted(USER) + EmulatorTarget.yaml(arm, RG, dir, names(arm));
        spec = dir.resolve("azure.yaml");
        Files.writeString(spec, yaml);
        Map<String, String> env = Map.of("AZURE_ACCESS_TOKEN", TOKEN, "VM_ADMIN_PASSWORD", ADMIN_PASSWORD,
                "GUEST_PASSWORD", guestPasswordInEnv, "CI", "true",
                "PROVISION_CACHE_DIR", dir.resolve("cache").toString());
        context = new Context(env, null, specDir -> Providers.standard(specDir, env));
    }

    private CliRun run(String... args) {
        CliRun r = CliRun.run(context, args);
        printed.add(r.out);
        printed.add(r.err);
        return r;
    }

    /** No secret anywhere: what was printed, the files written, the emulator's request log. */
    private void assertNoSecrets() throws Exception {
        List<String> texts = new ArrayList<>(printed);
        try (var files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                texts.add(Files.readString(file));
            }
        }
        for (RequestLog.Entry e : arm.requestLog().entries()) {
            texts.add(e.toString());
        }
        for (String text : texts) {
            for (String secret : List.of(TOKEN, ADMIN_PASSWORD, GUEST_PASSWORD)) {
                assertFalse(text.contains(secret), "a secret leaked into: " + text);
            }
        }
    }

    private static List<Element> testCases(Path junit) throws Exception {
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        NodeList cases = xml.getElementsByTagName("testcase");
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            out.add((Element) cases.item(i));
        }
        return out;
    }

    @Test
    void aBurstableVmWithVirtualMachinePlatformOffIsResizedRemediatedRestartedAndVerified() throws Exception {
        start(List.of(SeedVm.of(RG, "vdi-fix").size("Standard_B2s")
                .guest(windows11(WindowsGuest.HYPERV, WindowsGuest.WSL))), GUEST_PASSWORD);

        CliRun plan = run("plan", "--json", spec.toString());
        assertEquals(0, plan.exit, plan.toString());
        JsonNode change = new ObjectMapper().readTree(plan.out).get("changes").get(0);
        assertEquals("update", change.get("action").asText(), plan.out);
        assertEquals("Standard_D4s_v5", change.get("after").get("size").asText(), plan.out);
        assertEquals(List.of(WindowsGuest.VIRTUAL_MACHINE_PLATFORM), strings(change.get("enableFeatures")), plan.out);
        assertTrue(strings(change.get("disruption")).contains("reboot"), plan.out);
        assertEquals(0, arm.requestLog().count("VirtualMachines_Restart"), "plan only probes");
        assertEquals(WindowsGuest.DISABLED, guest("vdi-fix").feature(WindowsGuest.VIRTUAL_MACHINE_PLATFORM));

        Path junit = dir.resolve("reports/apply.xml");
        CliRun apply = run("apply", "--auto-approve", "--report", "junit=" + junit, spec.toString());
        assertEquals(0, apply.exit, apply.toString());
        assertEquals("Standard_D4s_v5", arm.vm(RG, "vdi-fix").orElseThrow().size());
        assertEquals(WindowsGuest.ENABLED, guest("vdi-fix").feature(WindowsGuest.VIRTUAL_MACHINE_PLATFORM));
        assertFalse(guest("vdi-fix").rebootPending(), "the restart finished the feature");
        assertEquals(1, arm.requestLog().count("VirtualMachines_Restart"));
        assertEquals(0, arm.runCommandsBeforeAgentReady(), "the resize and the restart were each followed by a "
                + "wait for a fresh agent status, not the stale Ready Azure still shows: " + apply);
        assertTrue(apply.err.contains("restarting the VM"), apply.err);
        assertTrue(apply.out.contains("wsl2-boot") && apply.out.contains("microsoft-standard-WSL2"), apply.out);
        List<Element> cases = testCases(junit);
        assertEquals(CHECKS, cases.size());
        assertTrue(cases.stream().allMatch(c -> c.getElementsByTagName("failure").getLength() == 0
                && c.getElementsByTagName("error").getLength() == 0), "every check passes");
        long managed = arm.requestLog().count("VirtualMachineRunCommands_CreateOrUpdate");
        assertTrue(managed > 0, "the user part ran as managed Run Command");
        assertEquals(managed, arm.requestLog().count("VirtualMachineRunCommands_Delete"), "and was deleted after");

        arm.requestLog().clear();
        CliRun again = run("plan", "--detailed-exitcode", spec.toString());
        assertEquals(ExitCode.OK, again.exit, again.toString());
        assertNoSecrets();
    }

    @Test
    void vmsThatCannotBeFixedEndWithTheirCauseAndExitSix() throws Exception {
        WindowsGuest ready = windows11(WindowsGuest.FEATURES.toArray(String[]::new));
        start(List.of(SeedVm.of(RG, "vdi-tl").securityType(SecurityType.TRUSTED_LAUNCH).guest(ready),
                SeedVm.of(RG, "srv-01").guest(new WindowsGuest().allFeaturesEnabled().account(USER, GUEST_PASSWORD))),
                GUEST_PASSWORD);
        Path junit = dir.resolve("verify.xml");
        CliRun verify = run("verify", "--report", "junit=" + junit, spec.toString());
        assertEquals(ExitCode.VERIFICATION_FAILED, verify.exit, verify.toString());
        assertTrue(verify.out.contains("Trusted Launch"), verify.out);
        assertTrue(verify.out.contains("Windows Server is not supported by Docker Desktop"), verify.out);
        List<Element> cases = testCases(junit);
        assertEquals(2 * CHECKS, cases.size(), "one test case per VM and check");
        Element tlBoot = cases.stream().filter(c -> c.getAttribute("name").contains("wsl2-boot")
                && c.getAttribute("classname").contains("vdi-tl")).findFirst().orElseThrow();
        assertTrue(tlBoot.getElementsByTagName("failure").item(0).getTextContent().contains("Trusted Launch")
                || ((Element) tlBoot.getElementsByTagName("failure").item(0)).getAttribute("message")
                .contains("Trusted Launch"), "the cause is in the report");

        CliRun apply = run("apply", "--auto-approve", spec.toString());
        assertEquals(ExitCode.VERIFICATION_FAILED, apply.exit, apply.toString());
        assertEquals(0, arm.requestLog().count("VirtualMachines_Restart"), "nothing to enable: no restart");
        assertNoSecrets();
    }

    @Test
    void aWrongGuestPasswordIsAClearPerVmErrorNeverAPass() throws Exception {
        start(List.of(SeedVm.of(RG, "vdi-ok").guest(windows11(WindowsGuest.FEATURES.toArray(String[]::new)))),
                "Not-The-Password-4!");
        Path junit = dir.resolve("verify.xml");
        CliRun verify = run("verify", "--report", "junit=" + junit, spec.toString());
        assertEquals(ExitCode.VERIFICATION_FAILED, verify.exit, verify.toString());
        assertTrue(verify.out.contains(WindowsGuestAgent.LOGON_REFUSED), verify.out);
        assertTrue(verify.out.contains("check guest.user and guest.password"), verify.out);
        assertFalse(verify.out.contains("Not-The-Password-4!") || verify.err.contains("Not-The-Password-4!"));
        assertTrue(testCases(junit).stream().noneMatch(c -> c.getElementsByTagName("failure").getLength() == 0
                && c.getElementsByTagName("error").getLength() == 0), "no check passes");
        assertNoSecrets();
    }

    /**
     * Real Azure shows a new VM running with its agent "Not Ready", and after a restart the Ready from before the
     * restart (../shared/domain/azure-sdk-facts.md; modelled by the emulator's VmAgent). Provision must wait for a
     * Ready reported after its own operation before any Run Command: none may reach a guest whose agent has not
     * reported since it booted. With guest.enableFeatures the new VM's guest is probed after its create, given the
     * features the image lacks, restarted and verified, all in the one apply that creates it.
     */
    @Test
    void aVmCreatedByThisApplyIsProbedGivenItsFeaturesRestartedAndVerifiedWaitingForFreshAgentStatus()
            throws Exception {
        start(List.of(), GUEST_PASSWORD);
        specForOneNewVm();

        CliRun plan = run("plan", "--json", spec.toString());
        JsonNode change = new ObjectMapper().readTree(plan.out).get("changes").get(0);
        assertEquals("create", change.get("action").asText(), plan.out);
        assertTrue(change.get("featuresAfterCreate").asBoolean(), plan.out);
        assertEquals(List.of("reboot"), strings(change.get("disruption")), plan.out);
        assertTrue(run("plan", spec.toString()).out.contains("then probe the new guest and enable the missing "
                + "Windows features, restart [reboot]"), "the plan text says what the create costs");

        Path junit = dir.resolve("create.xml");
        CliRun create = run("apply", "--auto-approve", "--report", "junit=" + junit, spec.toString());
        assertEquals(ExitCode.OK, create.exit, create.toString());
        assertFalse(create.out.contains("Not Ready") || create.err.contains("Not Ready"), create.toString());
        assertTrue(create.err.contains("azure/vdi-new: enabling Microsoft-Hyper-V-All, VirtualMachinePlatform in "
                + "the guest"), create.err);
        assertEquals(WindowsGuest.ENABLED, guest("vdi-new").feature(WindowsGuest.VIRTUAL_MACHINE_PLATFORM));
        assertEquals(WindowsGuest.ENABLED, guest("vdi-new").feature(WindowsGuest.HYPERV));
        assertFalse(guest("vdi-new").rebootPending(), "the restart finished the features");
        assertEquals(1, arm.requestLog().count("VirtualMachines_Restart"), create.toString());
        assertEquals(0, arm.runCommandsBeforeAgentReady(), "a Run Command reached a new VM whose agent was still "
                + "Not Ready, or a restarted one that still showed the Ready from before: " + create);
        assertTrue(create.out.contains("Verification: 1 VM, 1 passed, 0 failed."), create.out);
        assertEquals(CHECKS, testCases(junit).size());
        assertTrue(testCases(junit).stream().allMatch(c -> c.getElementsByTagName("failure").getLength() == 0
                && c.getElementsByTagName("error").getLength() == 0), "every check passes: " + create.out);

        CliRun again = run("apply", "--auto-approve", spec.toString());
        assertEquals(ExitCode.OK, again.exit, again.toString());
        assertTrue(again.out.contains("No changes."), again.out);
        assertEquals(1, arm.requestLog().count("VirtualMachines_Restart"), "a second apply restarts nothing");
        assertNoSecrets();
    }

    /** One VM to create, remediation on, probed as the template's admin (whose account the new guest has). */
    private void specForOneNewVm() throws Exception {
        Files.writeString(spec, """
                extends: docker-desktop
                desired:
                  powerCycle: graceful
                  guest:
                    user: vdiadmin
                    password: ${env:VM_ADMIN_PASSWORD}
                    enableFeatures: true
                targets:
                """ + EmulatorTarget.yaml(arm, RG, dir, List.of("vdi-new")));
    }

    /**
     * An apply stopped between the create and the features (here ARM fails the restart that finishes them, with
     * the emulator's 500 as FaultInjector documents it) leaves a VM that exists; its guest is verified and shows
     * what is left, and the next run's plan probes it as any running guest and finishes the job.
     */
    @Test
    void anApplyStoppedAfterTheCreateFinishesOnTheNextRun() throws Exception {
        start(List.of(), GUEST_PASSWORD);
        specForOneNewVm();
        // The SDK tries a 500 four times (three retries): the restart fails for this run only.
        arm.faults().serverError(RequestMatcher.operation("VirtualMachines_Restart"), 4, 500);

        CliRun stopped = run("apply", "--auto-approve", spec.toString());
        assertEquals(ExitCode.APPLY_PARTLY_FAILED, stopped.exit, stopped.toString());
        assertTrue(stopped.out.contains("the VM was created, but its guest features were not enabled"),
                stopped.toString());
        assertTrue(arm.vm(RG, "vdi-new").isPresent());
        assertFalse(stopped.out.contains("not verified"), "the created VM is verified: " + stopped.out);

        CliRun next = run("plan", "--json", spec.toString());
        JsonNode update = new ObjectMapper().readTree(next.out).get("changes").get(0);
        assertEquals("update", update.get("action").asText(), next.out);
        assertFalse(strings(update.get("enableFeatures")).isEmpty(), "features waiting for a restart are "
                + "planned again: " + next.out);

        CliRun finish = run("apply", "--auto-approve", spec.toString());
        assertEquals(ExitCode.OK, finish.exit, finish.toString());
        assertFalse(guest("vdi-new").rebootPending());
        assertTrue(finish.out.contains("Verification: 1 VM, 1 passed, 0 failed."), finish.out);
        assertEquals(ExitCode.OK, run("plan", "--detailed-exitcode", spec.toString()).exit);
        assertNoSecrets();
    }

    @Test
    void aDeallocatedVmIsReportedAsSuchAndNotProbed() throws Exception {
        start(List.of(SeedVm.of(RG, "vdi-parked").powerState(ArmPowerState.DEALLOCATED)
                .guest(windows11(WindowsGuest.FEATURES.toArray(String[]::new)))), GUEST_PASSWORD);
        CliRun verify = run("verify", spec.toString());
        assertEquals(ExitCode.VERIFICATION_FAILED, verify.exit, verify.toString());
        assertTrue(verify.out.contains("VM vdi-parked is deallocated: the guest cannot be probed"), verify.out);
        assertEquals(0, arm.requestLog().count("VirtualMachines_RunCommand"));
        assertNoSecrets();
    }

    private WindowsGuest guest(String vm) {
        return arm.vm(RG, vm).orElseThrow().guest();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
