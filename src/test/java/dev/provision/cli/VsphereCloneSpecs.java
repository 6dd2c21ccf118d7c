package dev.provision.cli;

import static dev.provision.vsphere.sim.VcsimServer.vmName;

import dev.provision.vsphere.sim.VcsimScenario;
import dev.provision.vsphere.sim.VcsimServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The vcsim fleet and the spec the clone customization tests share. */
final class VsphereCloneSpecs {
    private VsphereCloneSpecs() {
    }

    /**
     * A template (win11-template, off; marked as a template only when {@code marked}, so that a test can still
     * arrange its devices) and one VM of the profile's size with nesting on, on a host with room for both.
     */
    static VsphereServerStart templateAndOneVm(boolean marked) {
        return () -> new VcsimServer().withVms(2).withHosts(1).withScenario(VcsimScenario.create()
                .allVms(vm -> vm.guestId("windows9_64Guest").hardwareVersion("vmx-13").poweredOn()
                        .cpus(4, 2).memoryMB(16384))
                .allHosts(h -> h.hardware(8, 16, 65536))
                .vm(vmName(0), vm -> {
                    vm.name("win11-template").poweredOff();
                    if (marked) {
                        vm.template();
                    }
                })
                .vm(vmName(1), vm -> vm.name("vdi-01").nestedHvEnabled(true).vhvEnable("TRUE"))).start();
    }

    /** Starts the simulator a test runs against. */
    interface VsphereServerStart {
        VcsimServer start();
    }

    /**
     * Writes spec.yaml into {@code dir}: the docker-desktop sizes, target vc at {@code url} pinned to
     * {@code thumbprint}, its password in VSPHERE_PASSWORD, a template block cloning win11-template into DC0_C0 on
     * LocalDS_0 followed by {@code templateExtra}, and {@code vms} as its VM entries.
     */
    static Path write(Path dir, String url, String username, String thumbprint, String templateExtra, String vms)
            throws IOException {
        Path file = dir.resolve("spec.yaml");
        Files.writeString(file, """
                desired:
                  size:
                    minVcpus: 4
                    minMemoryGiB: 16
                targets:
                  - name: vc
                    kind: vsphere
                    vsphere:
                      url: %s
                      username: %s
                      password: ${env:VSPHERE_PASSWORD}
                      thumbprint: "%s"
                      datacenter: DC0
                      template:
                        source: win11-template
                        cluster: DC0_C0
                        datastore: LocalDS_0
                %s
                    vms:
                %s
                """.formatted(url, username, thumbprint, templateExtra.stripIndent().indent(8).stripTrailing(),
                vms.stripIndent().indent(6).stripTrailing()));
        return file;
    }
}
