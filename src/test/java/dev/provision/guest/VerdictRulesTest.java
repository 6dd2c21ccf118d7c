package dev.provision.guest;

import dev.provision.azure.TrustedLaunch;
import dev.provision.spec.GuestCheck;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerdictRulesTest {
    private static final Map<String, FeatureState> ALL_ON = Map.of(GuestFacts.HYPERV, FeatureState.ENABLED,
            GuestFacts.VIRTUAL_MACHINE_PLATFORM, FeatureState.ENABLED, GuestFacts.WSL, FeatureState.ENABLED);

    private static GuestFacts facts(boolean server, Map<String, FeatureState> features, Boolean reboot,
                                    GuestFacts.DistroBoot boot) {
        return new GuestFacts("Microsoft Windows 11 Enterprise", "Enterprise", server ? 20348 : 22631, server,
                features, "Auto", "Running", reboot, "2.3.26.0", boot, null);
    }

    private static CheckResult only(GuestFacts f, GuestCheck check, VmContext vm) {
        return VerdictRules.judge(f, List.of(check), vm).get(0);
    }

    @Test
    void aBootedWsl2KernelPasses() {
        CheckResult r = only(facts(false, ALL_ON, false, new GuestFacts.DistroBoot("Ubuntu",
                "5.15.167.4-microsoft-standard-WSL2", null)), GuestCheck.WSL2_BOOT, new VmContext(true, null));
        assertEquals(Verdict.PASS, r.verdict());
    }

    @Test
    void errorCode0x80370102OnAVmWithoutNestingNamesTheHypervisor() {
        CheckResult r = only(facts(false, ALL_ON, false, new GuestFacts.DistroBoot("Ubuntu", null,
                "Error code: Wsl/Service/CreateInstance/CreateVm/HCS/0x80370102")), GuestCheck.WSL2_BOOT,
                new VmContext(false, null));
        assertEquals(Verdict.FAIL, r.verdict());
        assertTrue(r.cause().contains("not exposed by the hypervisor"));
    }

    @Test
    void errorCode0x80370102UnderTrustedLaunchNamesTrustedLaunch() {
        CheckResult r = only(facts(false, ALL_ON, false, new GuestFacts.DistroBoot("Ubuntu", null,
                "Error code: Wsl/0x80370102")), GuestCheck.WSL2_BOOT, new VmContext(true, TrustedLaunch.BLOCKS_NESTING));
        assertTrue(r.cause().contains("Trusted Launch"));
    }

    @Test
    void aBlockerTheProviderNamesIsTheCauseAndItsRemedyTheRemedy() {
        NestingBlocker policy = new NestingBlocker("the host's policy keeps virtualization from this VM",
                "ask the host's administrator");
        CheckResult r = only(facts(false, ALL_ON, false, new GuestFacts.DistroBoot("Ubuntu", null,
                "Error code: Wsl/0x80370102")), GuestCheck.WSL2_BOOT, new VmContext(true, policy));
        assertEquals(Verdict.FAIL, r.verdict());
        assertEquals(policy.cause(), r.cause());
        assertEquals(policy.remedy(), r.remedy());
    }

    @Test
    void windowsServerFailsTheEditionCheck() {
        assertEquals(Verdict.FAIL, only(facts(true, ALL_ON, false, null), GuestCheck.WINDOWS_EDITION,
                new VmContext(true, null)).verdict());
    }

    @Test
    void aPendingRebootFailsAFeatureCheckEvenWhenEnabled() {
        CheckResult r = only(facts(false, ALL_ON, true, null), GuestCheck.VIRTUAL_MACHINE_PLATFORM,
                new VmContext(true, null));
        assertEquals(Verdict.FAIL, r.verdict());
        assertTrue(r.cause().contains("reboot"));
    }

    @Test
    void missingEvidenceNeverPasses() {
        GuestFacts empty = new GuestFacts(null, null, null, null, Map.of(), null, null, null, null, null, null);
        for (GuestCheck check : GuestCheck.values()) {
            CheckResult r = only(empty, check, new VmContext(true, null));
            assertTrue(r.verdict() != Verdict.PASS, check + " passed on no evidence");
        }
    }

    @Test
    void aWslOlderThanDockerDesktopNeedsFailsTheWslCheck() {
        GuestFacts old = new GuestFacts("Microsoft Windows 11 Enterprise", "Enterprise", 22631, false, ALL_ON, "Auto",
                "Running", false, "2.0.9.0", null, null);
        CheckResult r = only(old, GuestCheck.WSL, new VmContext(true, null));
        assertEquals(Verdict.FAIL, r.verdict());
        assertEquals("WSL 2.0.9.0 is older than Docker Desktop needs (2.1.5)", r.cause());
    }

    @Test
    void aCustomKernelBootsButOnlyWarns() {
        CheckResult r = only(facts(false, ALL_ON, false, new GuestFacts.DistroBoot("Ubuntu", "6.1.21-custom", null)),
                GuestCheck.WSL2_BOOT, new VmContext(true, null));
        assertEquals(Verdict.WARN, r.verdict());
    }

    @Test
    void aBootEntryWithoutLaunchTypeIsNamedAsSuch() {
        GuestFacts notSet = new GuestFacts("Microsoft Windows 11 Enterprise", "Enterprise", 22631, false, ALL_ON,
                "NotSet", "Stopped", false, "2.3.26.0", null, null);
        CheckResult r = only(notSet, GuestCheck.HYPERV, new VmContext(true, null));
        assertEquals("the boot entry does not launch the hypervisor (no hypervisorlaunchtype)", r.cause());
    }

    @Test
    void aPendingVirtualMachinePlatformExplainsAFailedBoot() {
        Map<String, FeatureState> pending = new java.util.HashMap<>(ALL_ON);
        pending.put(GuestFacts.VIRTUAL_MACHINE_PLATFORM, FeatureState.ENABLE_PENDING);
        CheckResult r = only(facts(false, pending, true, new GuestFacts.DistroBoot("Ubuntu", null,
                "Error code: Wsl/Service/CreateInstance/CreateVm/HCS/0x80370102")), GuestCheck.WSL2_BOOT,
                new VmContext(true, null));
        assertEquals("VirtualMachinePlatform is enabled but waits for a reboot", r.cause());
        assertEquals("restart the VM", r.remedy());
    }
}
