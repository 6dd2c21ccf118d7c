package dev.provision.guest;

import dev.provision.spec.GuestCheck;
import dev.provision.spec.Keyed;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Docker's VM/VDI support matrix applied to realistic probe outputs, one per platform and kind of desktop. Every
 * row is judged twice: as {@code provision probe} sees it (the guest's word only) and as {@code verify} does (the
 * hypervisor said nested virtualization is exposed); the matrix verdicts must not depend on which.
 */
class PlatformVerdictsTest {
    @ParameterizedTest(name = "{0} + {1}: {2} -> {3}")
    @CsvSource(nullValues = "-", delimiter = '|', textBlock = """
            system-vmware-esxi.json                  | -                           | platform  | PASS    | VMware (high confidence: firmware 'VMware, Inc.' 'VMware20,1'
            system-win11-healthy.json                | -                           | platform  | PASS    | Microsoft Azure (high confidence
            system-hyperv-onprem.json                | -                           | platform  | PASS    | Microsoft Hyper-V (high confidence
            system-citrix-hypervisor.json            | -                           | platform  | FAIL    | nested virtualization is not available on this hypervisor (Citrix Hypervisor/XenServer) — use Docker Offload
            system-citrix-hypervisor.json            | user-hcs-not-installed.json | wsl2-boot | FAIL    | nested virtualization is not available on this hypervisor (Citrix Hypervisor/XenServer) — use Docker Offload
            system-citrix-hypervisor.json            | -                           | hyperv    | FAIL    | nested virtualization is not available on this hypervisor (Citrix Hypervisor/XenServer) — use Docker Offload
            system-nutanix-ahv.json                  | user-wsl2-kernel.json       | platform  | PASS    | WSL 2 boots, which is what Docker asks on Nutanix
            system-nutanix-ahv.json                  | user-0x80370102.json        | platform  | FAIL    | Nutanix AHV runs Docker Desktop only where WSL 2 works, and WSL 2 does not boot here
            system-nutanix-ahv.json                  | user-0x80370102.json        | wsl2-boot | FAIL    | Nutanix AHV does not expose nested virtualization to this VM
            system-nutanix-ahv.json                  | -                           | platform  | WARN    | no WSL 2 boot was attempted
            system-kvm-qemu.json                     | -                           | platform  | WARN    | KVM/QEMU is not among the hypervisors Docker supports Docker Desktop on (VMware ESXi, Azure)
            system-physical.json                     | -                           | platform  | PASS    | a physical machine (medium confidence
            system-single-weak-hint.json             | -                           | platform  | WARN    | the platform could not be identified from inside the guest
            system-vmware-esxi.json                  | -                           | vdi       | PASS    | no VDI agent and no non-persistent desktop seen; 1 user profile holds Docker Desktop data
            system-nutanix-ahv.json                  | -                           | vdi       | PASS    | a Citrix Provisioning private vDisk (medium)
            system-citrix-pvs-standard.json          | -                           | platform  | PASS    | VMware (high confidence
            system-citrix-pvs-standard.json          | -                           | vdi       | WARN    | the desktop is non-persistent (a Citrix Provisioning standard image (write cache type 9)): the setup will not survive a reset
            system-horizon-instant-clone.json        | -                           | vdi       | WARN    | the desktop is non-persistent (a Horizon instant clone (its agent runs))
            system-avd-several-docker-users.json     | -                           | vdi       | WARN    | several users may run Docker Desktop on this machine (3 user profiles hold Docker Desktop data), and Docker does not support several Docker Desktop instances on one machine
            system-citrix-hypervisor.json            | -                           | vdi       | WARN    | a VDI desktop whose persistence the guest cannot tell
            """)
    void theMatrixDecides(String system, String user, String check, Verdict verdict, String words) {
        GuestFacts facts = Fixtures.facts(system, user);
        for (VmContext context : List.of(VmContext.guestOnly(), new VmContext(true, null))) {
            CheckResult r = VerdictRules.judge(facts, List.of(Keyed.lookup(GuestCheck.class, check).orElseThrow()), context).get(0);
            assertEquals(verdict, r.verdict(), r.toString());
            String said = verdict == Verdict.PASS ? r.evidence() : r.cause();
            assertTrue(said.contains(words), "expected '" + words + "' in: " + said);
            if (verdict != Verdict.PASS) {
                assertTrue(r.remedy() != null && !r.remedy().isBlank(), "a remedy for " + r);
                assertTrue(r.evidence() != null && !r.evidence().isBlank(), "evidence for " + r);
            }
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            system-citrix-hypervisor.json | use Docker Offload (Docker's cloud engine, which needs no nested virtualization)
            system-kvm-qemu.json          | otherwise use Docker Offload
            system-single-weak-hint.json  | ask the desktop team which hypervisor runs this desktop
            """)
    void whatToDoIsSaidWhereThePlatformIsNotSupported(String system, String remedy) {
        CheckResult r = VerdictRules.judge(Fixtures.facts(system, null), List.of(GuestCheck.PLATFORM),
                VmContext.guestOnly()).get(0);
        assertTrue(r.remedy().contains(remedy), r.remedy());
    }
}
