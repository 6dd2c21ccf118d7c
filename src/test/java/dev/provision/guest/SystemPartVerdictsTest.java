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
    private static final VmContext NESTED = new VmContext(true, null);

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

    @Test
    void aStoppedManualStartVmcomputeIsNoFailure() {
        CheckResult r = judged("system-vmcompute-manual-stopped.json", null, GuestCheck.HYPERV);
        assertEquals(Verdict.PASS, r.verdict(), r.toString());
        assertTrue(r.evidence().contains("vmcompute Stopped (it starts on demand"), r.evidence());
        CheckResult guestOnly = VerdictRules.judge(Fixtures.facts("system-vmcompute-manual-stopped.json", null),
                List.of(GuestCheck.HYPERV), VmContext.guestOnly()).get(0);
        assertEquals(Verdict.PASS, guestOnly.verdict(), guestOnly.toString());
    }

    @Test
    void aDisabledVmcomputeFailsAndSaysHowToStartItAgain() {
        CheckResult r = judged("system-vmcompute-disabled.json", null, GuestCheck.HYPERV);
        assertEquals(Verdict.FAIL, r.verdict(), r.toString());
        assertTrue(r.cause().contains("cannot start (vmcompute Disabled)"), r.cause());
        assertTrue(r.remedy().contains("-StartupType Manual"), r.remedy());
    }

    @Test
    void anAbsentHnsServiceFailsAsWslWouldRefuseIt() {
        GuestFacts f = Fixtures.facts("system-hns-absent.json", null);
        assertEquals(List.of("HNS Absent"), f.hostServices());
        CheckResult r = judged("system-hns-absent.json", null, GuestCheck.HYPERV);
        assertEquals(Verdict.FAIL, r.verdict(), r.toString());
        assertTrue(r.cause().contains("(HNS Absent)"), r.cause());
        assertTrue(r.remedy().startsWith("repair the features"), r.remedy());
    }

    @Test
    void theHypervisorsWordThatNestingIsOffFailsHyperVWhateverVmcomputeShows() {
        CheckResult r = VerdictRules.judge(Fixtures.facts("system-win11-healthy.json", null),
                List.of(GuestCheck.HYPERV), new VmContext(false, null)).get(0);
        assertEquals(Verdict.FAIL, r.verdict(), r.toString());
        assertTrue(r.cause().contains("nested virtualization is not exposed"), r.cause());
    }

    @Test
    void enterpriseMultiSessionIsNamedAsSuchNotAsWindowsServer() {
        CheckResult r = judged("system-avd-multi-session.json", null, GuestCheck.WINDOWS_EDITION);
        assertEquals(Verdict.WARN, r.verdict(), r.toString());
        assertTrue(r.cause().startsWith("Windows Enterprise multi-session"), r.cause());
        assertTrue(!r.cause().contains("Server"), r.cause());
        assertTrue(r.evidence().endsWith("EditionID ServerRdsh"), r.evidence());
        CheckResult vdi = judged("system-avd-multi-session.json", null, GuestCheck.VDI);
        assertEquals(Verdict.WARN, vdi.verdict(), vdi.toString());
        assertTrue(vdi.cause().contains("several users may run Docker Desktop"), vdi.cause());
    }

    @Test
    void aCitrixWriteCacheThatPersistsIsNotANonPersistentDesktop() {
        CheckResult r = judged("system-citrix-pvs-server-persistent.json", null, GuestCheck.VDI);
        assertEquals(Verdict.PASS, r.verdict(), r.toString());
        assertTrue(r.evidence().contains("write cache persists (write cache type 7)"), r.evidence());
        CheckResult standard = judged("system-citrix-pvs-standard.json", null, GuestCheck.VDI);
        assertEquals(Verdict.WARN, standard.verdict(), standard.toString());
    }
}
