package dev.provision.cli;

import static dev.provision.vsphere.sim.VcsimServer.vmName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.boot.Providers;
import dev.provision.vsphere.InventoryReader;
import dev.provision.vsphere.VsphereConnection;
import dev.provision.vsphere.VsphereEndpoint;
import dev.provision.vsphere.VsphereTrust;
import dev.provision.vsphere.VsphereVm;
import dev.provision.vsphere.sim.VcsimScenario;
import dev.provision.vsphere.sim.VcsimServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Creating desktops on vSphere through the command line, against vcsim: a VM named in the spec but missing is
 * cloned from the target's template (with nested virtualization, the customization spec vcsim ships,
 * "vcsim-windows-static", and the wait for VMware Tools and the customization events), an interrupted clone is
 * finished instead of cloned again, the template's names are checked at plan time, and a scope limits the VMs.
 */
class VsphereCloneCliTest {
    private static final String SECRET_VARIABLE = "VSPHERE_PASSWORD";

    @TempDir
    Path dir;

    private VcsimServer vcsim;

    @AfterEach
    void stop() {
        if (vcsim != null) {
            vcsim.close();
        }
    }

    private void start(VcsimScenario extra) {
        vcsim = new VcsimServer().withVms(4).withHosts(1).withScenario(extra).start();
    }

    private static VcsimScenario fleet() {
        return VcsimScenario.create()
                .allVms(vm -> vm.guestId("windows9_64Guest").hardwareVersion("vmx-13").poweredOn()
                        .cpus(4, 2).memoryMB(16384)) // the docker-desktop profile's minimums: no resize to plan
                // Room for the profile's 4 vCPUs and 16 GiB: vcsim's own hosts have 2 threads and 4 GiB.
                .allHosts(h -> h.hardware(8, 16, 65536))
                .vm(vmName(0), vm -> vm.name("win11-template").poweredOff().template())
                .vm(vmName(1), vm -> vm.name("vdi-01").nestedHvEnabled(true).vhvEnable("TRUE"))
                .vm(vmName(2), vm -> vm.name("build-01").nestedHvEnabled(true).vhvEnable("TRUE"));
    }

    private Path spec(String templateBlock, String scope) throws IOException {
        Path file = dir.resolve("spec.yaml");
        Files.writeString(file, """
                desired:
                  powerCycle: graceful
                  shutdownTimeout: 5s
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
                      datacenter: DC0
                %s
                      template:
                %s
                    vms:
                      - name: vdi-new
                      - pattern: "vdi-0*"
                """.formatted(vcsim.url(), vcsim.username(), SECRET_VARIABLE, vcsim.thumbprint(), scope,
                templateBlock.stripIndent().indent(8).stripTrailing()));
        return file;
    }

    private static final String TEMPLATE = """
                    source: win11-template
                    cluster: DC0_C0
                    datastore: LocalDS_0
                    customizationSpec: vcsim-windows-static""";

    private CliRun run(String... args) {
        Map<String, String> env = Map.of("CI", "true", SECRET_VARIABLE, vcsim.password());
        CliRun r = CliRun.run(new Context(env, null, folder -> Providers.standard(folder, env)), args);
        assertFalse(r.out.contains(vcsim.password()) || r.err.contains(vcsim.password()), "the password leaked:\n" + r);
        return r;
    }

    private List<VsphereVm> named(String name) {
        VsphereEndpoint endpoint = VsphereEndpoint.of(vcsim.url(), vcsim.username(), vcsim.password(),
                VsphereTrust.pinnedSha256(vcsim.thumbprint()));
        try (VsphereConnection connection = VsphereConnection.open(endpoint)) {
            return new InventoryReader(connection).readVms().vms().stream().filter(v -> v.name().equals(name)).toList();
        }
    }

    private static void assertLine(String text, String expected) {
        assertTrue(text.lines().anyMatch(l -> l.contains(expected)), "no line with '" + expected + "' in:\n" + text);
    }

    @Test
    void aMissingVmIsClonedFromTheTemplateCustomizedAndReadyInOneApply() throws IOException {
        start(fleet());
        Path spec = spec(TEMPLATE, "");
        CliRun plan = run("plan", spec.toString());
        assertEquals(ExitCode.OK, plan.exit, plan.toString());
        assertLine(plan.out, "vc/vdi-new  create");
        assertLine(plan.out, "clone of win11-template into /DC0/vm on datastore LocalDS_0, cluster DC0_C0");

        CliRun apply = run("apply", "--auto-approve", spec.toString());
        assertEquals(ExitCode.OK, apply.exit, apply.toString());
        List<VsphereVm> made = named("vdi-new");
        assertEquals(1, made.size(), "one clone");
        VsphereVm vm = made.get(0);
        assertEquals(VsphereVm.RuntimePowerState.POWERED_ON, vm.powerState());
        assertTrue(vm.nestedHvEnabled(), "nested virtualization set before the first power-on");
        assertTrue(vm.toolsRunning(), "waited for VMware Tools");
        assertEquals(null, vm.createMarker(), "the create marker is removed once the VM is ready");
        assertEquals("/DC0/vm/vdi-new", vm.path());

        CliRun again = run("plan", "--detailed-exitcode", spec.toString());
        assertEquals(ExitCode.OK, again.exit, "a second plan is a no-op:\n" + again);
        assertEquals(1, named("vdi-new").size());
    }

    @Test
    void anInterruptedCloneIsFinishedNeverDuplicated() throws IOException {
        // What an apply killed right after CloneVM_Task leaves: the clone, off, with the marker of its run.
        start(fleet().vm(vmName(3), vm -> vm.name("vdi-new").poweredOff().nestedHvEnabled(false)
                .extraConfig("guestinfo.provision.create", "run-1")));
        Path spec = spec(TEMPLATE, "");
        CliRun plan = run("plan", spec.toString());
        assertEquals(ExitCode.OK, plan.exit, plan.toString());
        assertLine(plan.out, "vc/vdi-new  create");
        assertLine(plan.out, "finishes the create instead of cloning again");

        CliRun apply = run("apply", "--auto-approve", spec.toString());
        assertEquals(ExitCode.OK, apply.exit, apply.toString());
        List<VsphereVm> vms = named("vdi-new");
        assertEquals(1, vms.size(), "no second clone");
        assertEquals(VsphereVm.RuntimePowerState.POWERED_ON, vms.get(0).powerState());
        assertTrue(vms.get(0).nestedHvEnabled());
        assertEquals(null, vms.get(0).createMarker());
    }

    @Test
    void aVmOfTheNameWithoutTheMarkerIsAnExistingVmNotACreate() throws IOException {
        start(fleet().vm(vmName(3), vm -> vm.name("vdi-new").nestedHvEnabled(true).vhvEnable("TRUE")));
        CliRun plan = run("plan", spec(TEMPLATE, "").toString());
        assertEquals(ExitCode.OK, plan.exit, plan.toString());
        assertFalse(plan.out.contains("create"), plan.out);
    }

    @Test
    void templateNamesThatResolveToNothingAreErrorsAtTheirLines() throws IOException {
        start(fleet());
        Path spec = spec("""
                    source: win10-template
                    cluster: DC0_C0
                    datastore: NoSuchDatastore""", "");
        CliRun plan = run("plan", spec.toString());
        assertEquals(ExitCode.INVALID_INPUT, plan.exit, plan.toString());
        assertTrue(plan.err.contains(spec + ":18:"), "the source's line:\n" + plan.err);
        assertTrue(plan.err.contains("template 'win10-template' does not exist"), plan.err);
        assertTrue(plan.err.contains(spec + ":20:"), "the datastore's line:\n" + plan.err);
        assertTrue(plan.err.contains("datastore 'NoSuchDatastore' does not exist"), plan.err);
        assertFalse(plan.err.contains("Exception"), plan.err);
        assertEquals(0, named("vdi-new").size());
    }

    @Test
    void aScopeLimitsWhatPatternsMatchAndAMissingScopeIsAnError() throws IOException {
        start(fleet());
        CliRun scoped = run("plan", spec(TEMPLATE, "      resourcePool: Resources").toString());
        assertEquals(ExitCode.OK, scoped.exit, scoped.toString());
        assertLine(scoped.out, "1 to create, 0 to update, 0 to replace, 1 unchanged"); // vdi-01, in Resources

        Path wrong = spec(TEMPLATE, "      folder: desktops");
        CliRun missing = run("plan", wrong.toString());
        assertEquals(ExitCode.INVALID_INPUT, missing.exit, missing.toString());
        assertTrue(missing.err.contains(wrong + ":16:"), missing.err);
        assertTrue(missing.err.contains("folder 'desktops' does not exist in datacenter DC0"), missing.err);
    }
}
