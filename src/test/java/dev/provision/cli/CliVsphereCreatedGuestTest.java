package dev.provision.cli;

import static dev.provision.vsphere.sim.VcsimServer.vmName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.boot.Providers;
import dev.provision.vsphere.sim.VcsimScenario;
import dev.provision.vsphere.sim.VcsimServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, section 4 on vSphere, against vcsim: a desktop cloned in this apply with {@code guest.enableFeatures}
 * is waited for until VMware Tools runs, probed, given the Windows features its template lacks, restarted and
 * verified in the same apply, and the next apply has nothing to do. The clone's simulated Windows is a copy of
 * the template's (the launcher copies the source's guest, as a clone copies the source's disk): Windows 10 22H2
 * with WSL's optional component and the Virtual Machine Platform off, and the account guest operations use.
 */
class CliVsphereCreatedGuestTest {
    private static final String VSPHERE_VARIABLE = "VSPHERE_PASSWORD";
    private static final String GUEST_VARIABLE = "GUEST_PASSWORD";
    private static final String GUEST_PASSWORD = "Gu3st-Pa55-for-clones";

    @TempDir
    Path dir;

    private VcsimServer vcsim;

    @AfterEach
    void stop() {
        if (vcsim != null) {
            vcsim.close();
        }
    }

    private Path spec() throws IOException {
        Path file = dir.resolve("desktops.yaml");
        Files.writeString(file, """
                extends: docker-desktop
                desired:
                  powerCycle: graceful
                  shutdownTimeout: 5s
                  size:
                    minVcpus: 4
                    minMemoryGiB: 16
                  guest:
                    user: builder
                    password: ${env:%s}
                    enableFeatures: true
                targets:
                  - name: vc
                    kind: vsphere
                    vsphere:
                      url: %s
                      username: %s
                      password: ${env:%s}
                      thumbprint: "%s"
                      datacenter: DC0
                      template:
                        source: win10-template
                        cluster: DC0_C0
                        datastore: LocalDS_0
                        customizationSpec: vcsim-windows-static
                    vms:
                      - name: vdi-new
                """.formatted(GUEST_VARIABLE, vcsim.url(), vcsim.username(), VSPHERE_VARIABLE, vcsim.thumbprint()));
        return file;
    }

    private CliRun run(String... args) {
        Map<String, String> env = Map.of("CI", "true", VSPHERE_VARIABLE, vcsim.password(), GUEST_VARIABLE, GUEST_PASSWORD);
        CliRun r = CliRun.run(new Context(env, null, folder -> Providers.standard(folder, env)), args);
        assertFalse(r.toString().contains(vcsim.password()) || r.toString().contains(GUEST_PASSWORD),
                "a password leaked:\n" + r);
        return r;
    }

    private static void assertLine(String text, String expected) {
        assertTrue(text.lines().anyMatch(l -> l.contains(expected)), "no line with '" + expected + "' in:\n" + text);
    }

    @Test
    void aVmClonedInThisApplyIsGivenItsFeaturesRestartedAndVerifiedThenLeftAlone() throws IOException {
        vcsim = new VcsimServer().withVms(2).withHosts(1).withScenario(VcsimScenario.create()
                .allVms(vm -> vm.guestId("windows9_64Guest").hardwareVersion("vmx-13").poweredOn())
                .vm(vmName(0), vm -> vm.name("win10-template").poweredOff().template()
                        .guest(g -> g.login("builder", GUEST_PASSWORD).build(19045)
                                .feature("VirtualMachinePlatform", "Disabled")
                                .feature("Microsoft-Windows-Subsystem-Linux", "Disabled")))).start();
        Path spec = spec();

        CliRun plan = run("plan", spec.toString());
        assertEquals(ExitCode.OK, plan.exit, plan.toString());
        assertLine(plan.out, "vc/vdi-new  create");
        assertLine(plan.out, "then probe the new guest and enable the missing Windows features");

        CliRun apply = run("apply", "--auto-approve", spec.toString());
        assertEquals(ExitCode.OK, apply.exit, apply.toString());
        assertLine(apply.err, "vc/vdi-new: probing the new guest for missing Windows features");
        assertLine(apply.err, "vc/vdi-new: enabling VirtualMachinePlatform, Microsoft-Windows-Subsystem-Linux in the guest");
        assertLine(apply.err, "vc/vdi-new: restarting the guest (RebootGuest through VMware Tools)");
        assertLine(apply.err, "vc/vdi-new: guest is back");
        assertLine(apply.out, "pass    virtual-machine-platform");
        assertLine(apply.out, "pass    wsl2-boot");
        assertLine(apply.out, "Verification: 1 VM, 1 passed, 0 failed.");

        CliRun again = run("apply", "--auto-approve", spec.toString());
        assertEquals(ExitCode.OK, again.exit, again.toString());
        assertLine(again.out, "No changes.");
        assertFalse(again.err.contains("restarting"), again.err);
        assertEquals(ExitCode.OK, run("plan", "--detailed-exitcode", spec.toString()).exit);
    }
}
