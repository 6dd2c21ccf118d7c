package dev.provision.guest;

import dev.provision.spec.GuestCheck;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How sure each identification is: two independent sources for HIGH, nothing from a single weak hint. */
class PlatformTest {
    private static final String OEM = "Dell Inc.";

    private static Platform identify(String manufacturer, String model, String biosVendor, String biosVersion,
                                     Boolean hypervisorPresent, String... markers) {
        return Platform.identify(new PlatformFacts(manufacturer, model, biosVendor, biosVersion, hypervisorPresent,
                List.of(markers)));
    }

    @Test
    void firmwareAndRunningToolsTogetherAreHighConfidenceEitherAloneMedium() {
        assertEquals(Confidence.HIGH, identify("VMware, Inc.", "VMware7,1", "VMware, Inc.", "VMW71", true,
                "vmtools").confidence());
        Platform firmwareOnly = identify("VMware, Inc.", "VMware7,1", "VMware, Inc.", "VMW71", true);
        assertEquals(Platform.Kind.VMWARE, firmwareOnly.kind());
        assertEquals(Confidence.MEDIUM, firmwareOnly.confidence());
        Platform toolsOnly = identify(null, null, null, null, true, "vmtools");
        assertEquals(Platform.Kind.VMWARE, toolsOnly.kind());
        assertEquals(Confidence.MEDIUM, toolsOnly.confidence());
    }

    @Test
    void aSingleWeakHintIdentifiesNothing() {
        Platform registryKeyOnly = identify(OEM, "OptiPlex 7090", OEM, "1.21.0", true, "xentools");
        assertEquals(Platform.Kind.UNKNOWN, registryKeyOnly.kind());
        assertEquals(Confidence.LOW, registryKeyOnly.confidence());
        assertTrue(registryKeyOnly.describe().contains("only a weak hint: a XenServer/Citrix VM Tools registry key"),
                registryKeyOnly.describe());
        Platform seaBiosOnly = identify("To Be Filled By O.E.M.", "To Be Filled By O.E.M.", "SeaBIOS", "1.15", true);
        assertEquals(Platform.Kind.UNKNOWN, seaBiosOnly.kind());
        assertEquals(Confidence.LOW, seaBiosOnly.confidence());
    }

    @Test
    void aFlavourNeedsAStrongSignalOfItsOwn() {
        Platform xen = identify("Xen", "HVM domU", "Xen", "4.13.5", true, "xenbus", "xentools");
        assertEquals(Platform.Kind.XEN, xen.kind(), "a registry key alone does not make it Citrix Hypervisor");
        assertEquals(Confidence.HIGH, xen.confidence());
        assertTrue(xen.describe().contains("possibly Citrix Hypervisor/XenServer, from that weak hint alone"),
                xen.describe());
        assertEquals(Platform.Kind.CITRIX_HYPERVISOR, identify("Xen", "HVM domU", "Xen", "4.13.5", true, "xenbus",
                "xenserver").kind());
        assertEquals(Platform.Kind.HYPERV, identify("Microsoft Corporation", "Virtual Machine", "Microsoft "
                + "Corporation", "Hyper-V UEFI Release v4.1", true, "vmic").kind(), "no Azure signal: on-premises");
    }

    @Test
    void strongSignalsThatDisagreeIdentifyNothing() {
        Platform p = identify("VMware, Inc.", "VMware7,1", "VMware, Inc.", "VMW71", true, "vmic");
        assertEquals(Platform.Kind.UNKNOWN, p.kind());
        assertEquals(Confidence.LOW, p.confidence());
        assertTrue(p.describe().contains("signals disagree"), p.describe());
    }

    @Test
    void amazonsXenIsNotTakenForCitrixHypervisor() {
        Platform p = identify("Xen", "HVM domU", "Xen", "4.11.amazon", true, "xenbus");
        assertEquals(Platform.Kind.UNKNOWN, p.kind(), "the firmware says Amazon, the drivers Xen: " + p.describe());
        Platform nitro = identify("Amazon EC2", "m5.xlarge", "Amazon EC2", "1.0", true);
        assertEquals(Platform.Kind.OTHER_VM, nitro.kind());
        assertEquals("Amazon EC2", nitro.name());
        CheckResult r = PlatformVerdicts.platform(withPlatform(new PlatformFacts("Amazon EC2", "m5.xlarge",
                "Amazon EC2", "1.0", true, List.of())));
        assertEquals(Verdict.WARN, r.verdict());
        assertTrue(r.cause().startsWith("Amazon EC2 is not among the hypervisors Docker supports"), r.cause());
    }

    @Test
    void noHypervisorBeneathWindowsAndOemFirmwareIsPhysicalForSure() {
        Platform p = identify(OEM, "OptiPlex 7090", OEM, "1.21.0", false);
        assertEquals(Platform.Kind.PHYSICAL, p.kind());
        assertEquals(Confidence.HIGH, p.confidence());
        Platform unsure = identify(null, null, null, null, null);
        assertEquals(Platform.Kind.UNKNOWN, unsure.kind());
    }

    @Test
    void aMultiSessionEditionMeansSeveralUsersForSure() {
        VdiSignals s = VdiSignals.of(new VdiFacts(List.of("avd"), null, 1), "ServerRdsh");
        assertEquals(List.of(Confidence.HIGH), s.sure(VdiSignals.Kind.SEVERAL_USERS).stream()
                .map(VdiSignals.Signal::confidence).toList());
    }

    @Test
    void aProvisioningCacheTypeWithoutItsNetworkStackIsOnlyReported() {
        VdiSignals s = VdiSignals.of(new VdiFacts(List.of(), 4, 1), "Enterprise");
        assertEquals(List.of(), s.sure(VdiSignals.Kind.NON_PERSISTENT));
        CheckResult r = PlatformVerdicts.vdi(withVdi(new VdiFacts(List.of(), 4, 1)));
        assertEquals(Verdict.PASS, r.verdict(), r.toString());
        assertTrue(r.evidence().contains("write cache type 4) (low)"), r.evidence());
    }

    @Test
    void withoutTheHypervisorsWordAFailedBootWithRightGuestSettingsBlamesTheHypervisor() {
        GuestFacts vmware = Fixtures.facts("system-vmware-esxi.json", "user-0x80370102.json");
        CheckResult guestOnly = VerdictRules.judge(vmware, List.of(GuestCheck.WSL2_BOOT), VmContext.guestOnly()).get(0);
        assertEquals("virtualization is not available in the guest: the hypervisor most likely does not expose "
                + "nested virtualization to this VM", guestOnly.cause());
        assertTrue(guestOnly.remedy().contains("vSphere: hardware-assisted virtualization"), guestOnly.remedy());
        CheckResult asked = VerdictRules.judge(vmware, List.of(GuestCheck.WSL2_BOOT), new VmContext(false, null))
                .get(0);
        assertEquals("nested virtualization is not exposed by the hypervisor", asked.cause());
    }

    @Test
    void anOlderProbeWithoutTheSectionsIsSkippedAndAFailedSectionFails() {
        GuestFacts old = Fixtures.facts("system-reboot-pending.json", null);
        for (GuestCheck check : List.of(GuestCheck.PLATFORM, GuestCheck.VDI)) {
            CheckResult r = VerdictRules.judge(old, List.of(check), VmContext.guestOnly()).get(0);
            assertEquals(Verdict.SKIPPED, r.verdict(), r.toString());
        }
        GuestFacts failed = new GuestFacts(null, null, null, null, null, null, null, null, null, null, null,
                List.of("platform: Get-CimInstance : Access denied"), null, null);
        CheckResult r = VerdictRules.judge(failed, List.of(GuestCheck.PLATFORM), VmContext.guestOnly()).get(0);
        assertEquals(Verdict.FAIL, r.verdict());
        assertEquals("platform: Get-CimInstance : Access denied", r.evidence());
    }

    private static GuestFacts withPlatform(PlatformFacts platform) {
        return new GuestFacts(null, "Enterprise", null, null, null, null, null, null, null, null, null, List.of(),
                platform, null);
    }

    private static GuestFacts withVdi(VdiFacts vdi) {
        return new GuestFacts(null, "Enterprise", null, null, null, null, null, null, null, null, null, List.of(),
                null, vdi);
    }
}
