package dev.provision.cli;

import static dev.provision.vsphere.sim.VcsimServer.hostName;
import static dev.provision.vsphere.sim.VcsimServer.vmName;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.boot.Providers;
import dev.provision.vsphere.sim.VcsimScenario;
import dev.provision.vsphere.sim.VcsimServer;
import dev.provision.vsphere.sim.VcsimTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a plan cannot know from vSphere, said rather than passed over: a host that does not report
 * nestedHVSupported, a guest that is not Windows, and two VMs that share a name and a folder.
 */
class VsphereUnprovenPlanCliTest {
    private static final String SECRET_VARIABLE = "VSPHERE_PASSWORD";

    @RegisterExtension
    static final VcsimServer VCSIM = new VcsimServer().withVms(4).withHosts(2).withScenario(VcsimScenario.create()
            .allVms(vm -> vm.guestId("windows9_64Guest").hardwareVersion("vmx-13").poweredOff().onHost(hostName(0)))
            .vm(vmName(0), vm -> vm.name("vdi-unreported").onHost(hostName(1)))
            .vm(vmName(1), vm -> vm.name("vdi-linux").guestId("ubuntu64Guest"))
            .vm(vmName(2), vm -> vm.name("vdi-twin"))
            .vm(vmName(3), vm -> vm.name("vdi-twin"))
            .host(hostName(1), host -> host.nestedHvUnreported()));

    @TempDir
    Path dir;

    private CliRun plan(String desired) throws IOException {
        Path spec = dir.resolve("vsphere.yaml");
        Files.writeString(spec, desired + "targets:\n" + VcsimTarget.yaml(VCSIM, SECRET_VARIABLE, "vdi-*"));
        Map<String, String> env = Map.of("CI", "true", SECRET_VARIABLE, VCSIM.password());
        return CliRun.run(new Context(env, null, folder -> Providers.standard(folder, env)), "plan", spec.toString());
    }

    private static void assertLine(String text, String... parts) {
        assertTrue(text.lines().anyMatch(l -> java.util.Arrays.stream(parts).allMatch(l::contains)),
                "no line with " + String.join(" … ", parts) + " in:\n" + text);
    }

    @Test
    void aHostThatDoesNotReportNestingSupportIsPlannedWithAWarningThatNothingWillTell() throws IOException {
        CliRun r = plan("");
        assertLine(r.out, "vc/vdi-unreported  update");
        assertLine(r.out, "vc/vdi-unreported: host DC0_C0_H1 does not report whether it supports nested hardware "
                + "virtualization", "no guest checks are configured for this VM, so nothing will tell");
    }

    @Test
    void withGuestChecksTheWarningSaysTheyWillDecide() throws IOException {
        CliRun r = plan("""
                desired:
                  guest:
                    user: builder
                    password: ${env:%s}
                    checks: [hyperv]
                """.formatted(SECRET_VARIABLE));
        assertLine(r.out, "vc/vdi-unreported: host DC0_C0_H1 does not report", "the guest checks will decide");
    }

    @Test
    void aLinuxGuestMatchedByAPatternIsChangedWithAWordThatTheGoalIsAWindowsGuest() throws IOException {
        CliRun r = plan("");
        assertLine(r.out, "vc/vdi-linux  update");
        assertLine(r.out, "vc/vdi-linux: the guest OS is 'ubuntu64Guest', not Windows", "need a Windows guest");
        assertFalse(r.out.contains("vc/vdi-twin: the guest OS"), r.out);
    }

    @Test
    void twoVmsOfOneNameAreToldApartByTheirManagedObjectIds() throws IOException {
        CliRun r = plan("");
        assertLine(r.out, "REFUSED: 2 VMs are named 'vdi-twin' (vm-", " at /DC0/vm/vdi-twin, vm-");
    }
}
