package dev.provision.cli;

import static dev.provision.vsphere.sim.VcsimServer.hostName;
import static dev.provision.vsphere.sim.VcsimServer.vmName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.boot.Providers;
import dev.provision.vsphere.sim.VcsimScenario;
import dev.provision.vsphere.sim.VcsimServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Sizes on vSphere through the command line: the plan says what grows, why, and what it costs. */
class VsphereSizeCliTest {
    private static final String SECRET_VARIABLE = "VSPHERE_PASSWORD";

    @RegisterExtension
    static final VcsimServer VCSIM = new VcsimServer().withVms(3).withHosts(2).withScenario(VcsimScenario.create()
            .allVms(vm -> vm.guestId("windows9_64Guest").hardwareVersion("vmx-13").poweredOn().onHost(hostName(0)))
            .host(hostName(0), h -> h.hardware(8, 16, 65536))
            .vm(vmName(0), vm -> vm.name("vdi-small").cpus(2, 1).memoryMB(8192))
            .vm(vmName(1), vm -> vm.name("vdi-big").nestedHvEnabled(true).vhvEnable("TRUE").cpus(8, 8).memoryMB(32768))
            .vm(vmName(2), vm -> vm.name("vdi-cramped").onHost(hostName(1)).cpus(2, 1).memoryMB(8192)));

    @TempDir
    Path dir;

    @Test
    void thePlanSaysWhichSizesGrowInTheSamePowerCycleAndRefusesWhatTheHostCannotHold() throws Exception {
        Path spec = dir.resolve("desktops.yaml");
        Files.writeString(spec, """
                desired:
                  powerCycle: graceful
                  size:
                    minVcpus: 4
                    minMemoryGiB: 16
                targets:
                  - name: vc
                    kind: vsphere
                    vsphere:
                      url: %s
                      username: %s
                      password: ${env:%s}
                      thumbprint: "%s"
                    vms:
                      - pattern: "vdi-*"
                """.formatted(VCSIM.url(), VCSIM.username(), SECRET_VARIABLE, VCSIM.thumbprint()));
        Map<String, String> env = Map.of("CI", "true", SECRET_VARIABLE, VCSIM.password());
        CliRun r = CliRun.run(new Context(env, null, folder -> Providers.standard(folder, env)),
                "plan", spec.toString());
        assertEquals(ExitCode.OK, r.exit, r.toString());
        assertLine(r.out, "vc/vdi-small  update  [power-cycle]");
        assertLine(r.out, "vCPUs 2 → 4 (1 socket of 4 cores)");
        assertLine(r.out, "memory 8 → 16 GiB");
        assertLine(r.out, "vcpus: 2 -> 4");
        assertLine(r.out, "memoryMB: 8192 -> 16384");
        assertLine(r.out, "REFUSED: 4 vCPUs wanted, but host " + hostName(1) + " has only 2 logical CPUs");
        assertFalse(r.out.contains("vc/vdi-big"), "a VM already big enough is not a change:\n" + r.out);
        assertFalse(r.out.contains("not checked"), "sizes are checked on vSphere now:\n" + r.out);
    }

    private static void assertLine(String text, String expected) {
        assertTrue(text.lines().anyMatch(l -> l.contains(expected)), "no line with '" + expected + "' in:\n" + text);
    }
}
