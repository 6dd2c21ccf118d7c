package dev.provision.guest;

import dev.provision.spec.GuestCheck;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Healthy desktops that the system part's first rules failed, and broken ones it named wrongly (issue 10). Each
 * fixture's source is in src/test/resources/guest/probe/SOURCES-system.md.
 */
class SystemPartVerdictsTest {
    private static final VmContext NESTED = new VmContext(true, "Standard");

    private static CheckResult judged(String system, String user, GuestCheck check) {
        return VerdictRules.judge(Fixtures.facts(system, user), List.of(check), NESTED).get(0);
    }

    @Test
    void windows11WithStoreWslPassesWithoutTheWslOptionalComponent() {
        GuestFacts f = Fixtures.facts("system-win11-store-wsl.json", "user-wsl2-kernel.json");
        assertEquals(FeatureState.DISABLED, f.feature(GuestFacts.WSL));
        for (CheckResult r : VerdictRules.judge(f, List.of(GuestCheck.values()), NESTED)) {
            assertEquals(Verdict.PASS, r.verdict(), r.toString());
        }
        CheckResult wsl = judged("system-win11-store-wsl.json", null, GuestCheck.WSL);
        assertTrue(wsl.evidence().startsWith("Microsoft-Windows-Subsystem-Linux not needed on Windows 11 (build "
                + "22631)"), wsl.evidence());
        assertEquals(List.of(), RequiredFeatures.of(GuestCheck.WSL, f));
        assertEquals(List.of(GuestFacts.VIRTUAL_MACHINE_PLATFORM), RequiredFeatures.of(GuestCheck.WSL2_BOOT, f));
    }

    @Test
    void windows10StillNeedsTheWslOptionalComponent() {
        CheckResult r = judged("system-wsl-missing.json", null, GuestCheck.WSL);
        assertEquals(Verdict.FAIL, r.verdict());
        assertTrue(r.cause().contains("Microsoft-Windows-Subsystem-Linux is off"), r.cause());
        assertEquals(List.of(GuestFacts.VIRTUAL_MACHINE_PLATFORM, GuestFacts.WSL), RequiredFeatures.of(
                GuestCheck.WSL2_BOOT, Fixtures.facts("system-wsl-missing.json", null)));
    }

    @Test
    void aDistroRunningAsWsl1NeedsTheComponentOnWindows11Too() {
        GuestFacts f = Fixtures.facts("system-win11-store-wsl.json", "user-wsl1.json");
        assertEquals(List.of(GuestFacts.WSL), RequiredFeatures.of(GuestCheck.WSL, f));
    }

    @Test
    void aFileRenameListIsNoPendingRebootForTheFeatures() {
        GuestFacts f = Fixtures.facts("system-rename-pending.json", null);
        assertEquals(false, f.rebootPending());
        for (GuestCheck check : List.of(GuestCheck.HYPERV, GuestCheck.VIRTUAL_MACHINE_PLATFORM, GuestCheck.WSL)) {
            CheckResult r = judged("system-rename-pending.json", null, check);
            assertEquals(Verdict.PASS, r.verdict(), r.toString());
        }
    }

    @Test
    void servicingsOwnKeyStillMeansAPendingReboot() {
        GuestFacts f = Fixtures.facts("system-reboot-pending.json", null);
        assertEquals(true, f.rebootPending());
        assertEquals(Verdict.FAIL, judged("system-reboot-pending.json", null, GuestCheck.HYPERV).verdict());
    }
}
