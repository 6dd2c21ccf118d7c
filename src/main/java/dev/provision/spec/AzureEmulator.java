package dev.provision.spec;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code cloud: emulator}: the Azure target runs against an ARM emulator embedded in provision, a local rehearsal
 * of the real Azure code path. The seed says what the emulated subscription holds before the first apply; the
 * state then lives in {@code stateFile}.
 *
 * @param stateFile       absolute, resolved against the spec's folder
 * @param hardwareCluster sizes a running VM can be resized to in place; empty means every size of the region
 */
public record AzureEmulator(Path stateFile, List<Vm> vms, List<String> hardwareCluster) {
    public AzureEmulator {
        vms = vms == null ? List.of() : List.copyOf(vms);
        hardwareCluster = hardwareCluster == null ? List.of() : List.copyOf(hardwareCluster);
    }

    /** A VM of the emulated subscription before the first apply. */
    public record Vm(String name, String size, String power, String securityType) {}
}
