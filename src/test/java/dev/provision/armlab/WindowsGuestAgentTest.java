package dev.provision.armlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provision.guest.ProbePart;
import dev.provision.guest.ProbeScripts;
import dev.provision.guest.RemediationScripts;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The emulator's guest answers the real scripts in exactly the shape of the realistic outputs the parser is tested on. */
class WindowsGuestAgentTest {
    private static final Path REALISTIC = Path.of("src/test/resources/guest/probe");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final WindowsGuestAgent agent = new WindowsGuestAgent();

    private static VmSnapshot vm(SecurityType security) {
        return new VmSnapshot("win11-ci", "rg", "eastus2", "Standard_D4s_v5", List.of(), Map.of(), security, "V2",
                ArmPowerState.RUNNING, "Succeeded", "Windows", null);
    }

    private GuestScriptResult run(String script, WindowsGuest guest, boolean nests, String user, String password) {
        return agent.run(new GuestScript(vm(SecurityType.STANDARD), "RunPowerShellScript",
                List.of(script.split("\\R", -1)), Map.of(), user, user != null, password, guest, nests));
    }

    private static JsonNode realistic(String name) throws Exception {
        return JSON.readTree(Files.readString(REALISTIC.resolve(name)));
    }

    @Test
    void aHealthyWindows11AnswersLikeTheRecordedHealthyOne() throws Exception {
        WindowsGuest guest = new WindowsGuest().edition(WindowsGuest.Edition.WINDOWS_11_ENTERPRISE).allFeaturesEnabled();
        ObjectNode system = (ObjectNode) JSON.readTree(run(ProbeScripts.runCommandScript(ProbePart.SYSTEM, null),
                guest, true, null, null).stdout());
        ObjectNode expected = (ObjectNode) realistic("system-win11-healthy.json");
        // The emulated guest has no Docker Desktop installed; everything else must match field for field.
        expected.putObject("dockerDesktop").put("installed", false).putNull("version");
        ((ObjectNode) expected.get("vdi")).put("dockerUsers", 0);
        assertEquals(expected, system);
    }

    /**
     * The system part runs as SYSTEM, where only 'wsl --version' works (the service refuses LocalSystem): whatever the
     * features, it shows the versions compiled into Store WSL's wsl.exe, as the recorded fixtures do.
     */
    @Test
    void theSystemPartShowsOnlyWhatWslVersionPrintsAsSystem() throws Exception {
        for (String off : List.of(WindowsGuest.VIRTUAL_MACHINE_PLATFORM, WindowsGuest.WSL)) {
            WindowsGuest guest = new WindowsGuest().edition(WindowsGuest.Edition.WINDOWS_11_ENTERPRISE)
                    .allFeaturesEnabled().feature(off, WindowsGuest.DISABLED);
            JsonNode system = JSON.readTree(run(ProbeScripts.runCommandScript(ProbePart.SYSTEM, null), guest, true,
                    null, null).stdout());
            assertEquals(realistic("system-vmp-disabled.json").path("wsl"), system.path("wsl"), off + " off");
        }
    }

    @Test
    void theDistroBootAnswersWithWslsRealErrorsAndBootsOnlyWhenEverythingIsInPlace() throws Exception {
        String script = ProbeScripts.runCommandScript(ProbePart.USER, "Ubuntu");
        WindowsGuest guest = new WindowsGuest().edition(WindowsGuest.Edition.WINDOWS_11_ENTERPRISE)
                .account("builder", "right");
        assertEquals(WindowsGuestAgent.LOGON_REFUSED, run(script, guest, true, "builder", "wrong").notRunReason());
        // Windows 11 runs Store WSL without the WSL optional component: what stops it is the missing VMP.
        assertEquals(output("user-hcs-not-installed.json"), output(run(script, guest, true, "builder", "right")));
        // Below Windows 11 (Server 2022 is build 20348) WSL's service asks for its component first.
        WindowsGuest server = new WindowsGuest().edition(WindowsGuest.Edition.WINDOWS_SERVER_2022)
                .account("builder", "right");
        assertEquals(output("user-0x8007019e.json"), output(run(script, server, true, "builder", "right")));
        guest.feature(WindowsGuest.VIRTUAL_MACHINE_PLATFORM, WindowsGuest.ENABLED);
        assertEquals(output("user-0x80370102.json"), output(run(script, guest, false, "builder", "right")));
        assertEquals(output("user-wsl2-kernel.json"), output(run(script, guest, true, "builder", "right")));
        assertEquals(output("user-no-distro.json"), output(run(ProbeScripts.runCommandScript(ProbePart.USER,
                "Ubuntu-24.04"), guest, true, "builder", "right")));
        JsonNode asSystem = JSON.readTree(run(script, guest, true, null, null).stdout());
        assertEquals(realistic("user-localsystem.json").path("errors"), asSystem.path("errors"));
    }

    @Test
    void enablingFeaturesIsIdempotentAndARestartFinishesThem() throws Exception {
        WindowsGuest guest = new WindowsGuest().edition(WindowsGuest.Edition.WINDOWS_11_ENTERPRISE)
                .feature(WindowsGuest.WSL, WindowsGuest.ENABLED);
        String script = RemediationScripts.runCommandScript(List.of(WindowsGuest.VIRTUAL_MACHINE_PLATFORM,
                WindowsGuest.WSL));
        JsonNode first = JSON.readTree(run(script, guest, true, null, null).stdout());
        assertEquals("EnablePending", first.path("features").path(WindowsGuest.VIRTUAL_MACHINE_PLATFORM).asText());
        assertEquals("Enabled", first.path("features").path(WindowsGuest.WSL).asText());
        assertTrue(first.path("restartNeeded").asBoolean());
        JsonNode second = JSON.readTree(run(script, guest, true, null, null).stdout());
        assertEquals(first, second, "a resent Run Command changes nothing more");
        guest.boot();
        assertTrue(guest.featureOn(WindowsGuest.VIRTUAL_MACHINE_PLATFORM));
        assertTrue(!guest.rebootPending());
    }

    private static JsonNode output(String realisticFile) throws Exception {
        return realistic(realisticFile).path("output");
    }

    private static JsonNode output(GuestScriptResult result) throws Exception {
        return JSON.readTree(result.stdout()).path("output");
    }
}
