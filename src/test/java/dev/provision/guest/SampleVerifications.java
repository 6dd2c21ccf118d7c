package dev.provision.guest;

import dev.provision.spec.GuestCheck;

import java.time.Instant;
import java.util.List;

/** A realistic verification of five VMs on two targets, judged from the realistic probe outputs. */
final class SampleVerifications {
    static final Instant WHEN = Instant.parse("2026-03-14T09:26:53.589Z");
    static final String VERSION = "0.1.0";
    /** The checks the report tests count on; the platform and VDI checks have their own tests. */
    private static final List<GuestCheck> ALL = List.of(GuestCheck.HYPERV, GuestCheck.VIRTUAL_MACHINE_PLATFORM,
            GuestCheck.WSL, GuestCheck.WSL2_BOOT, GuestCheck.WINDOWS_EDITION);
    private static final VmContext AZURE = new VmContext(true, null);
    private static final VmContext VSPHERE = new VmContext(true, null);

    private SampleVerifications() {}

    static List<VmVerification> all() {
        return List.of(
                judged("azure-prod", "win11-dev-01", Fixtures.facts("system-win11-healthy.json",
                        "user-wsl2-kernel.json"), AZURE),
                judged("azure-prod", "win11-dev-02", Fixtures.facts("system-vmp-disabled.json",
                        "user-0x80370102.json"), AZURE),
                new VmVerification("azure-prod", "win11-dev-03", List.of(),
                        "Run Command failed: the VM agent is not ready (status NotReady)"),
                judged("vsphere-lab", "ws2022-build", Fixtures.facts("system-server2022.json", null), VSPHERE),
                judged("vsphere-lab", "win11-inbox-wsl", oldInboxWsl(), VSPHERE));
    }

    /** The inbox wsl.exe of older Windows does not know --version: the wsl check warns. */
    private static GuestFacts oldInboxWsl() {
        String output = Fixtures.probeOutput("system-win11-healthy.json").replace("\"versionExit\":0",
                "\"versionExit\":-1");
        try {
            return ProbeDocument.facts(ProbeDocument.parse(output), Fixtures.parsed("user-wsl2-kernel.json"));
        } catch (ProbeOutputException e) {
            throw new AssertionError(e);
        }
    }

    static VmVerification judged(String target, String vm, GuestFacts facts, VmContext context) {
        return new VmVerification(target, vm, VerdictRules.judge(facts, ALL, context), null);
    }
}
