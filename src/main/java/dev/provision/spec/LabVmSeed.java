package dev.provision.spec;

import java.util.List;

/**
 * A simulated VM as it is before provision touches it.
 *
 * @param windowsEdition  e.g. {@code Enterprise}, {@code Pro}, {@code Server} (Docker Desktop refuses Server)
 * @param features        the Windows optional features already enabled in the guest
 * @param failApply       make every change to this VM fail, to rehearse partial failure
 */
public record LabVmSeed(String name, boolean poweredOn, boolean nestedVirtualization, int vcpus, int memoryGiB,
                        String windowsEdition, List<String> features, boolean failApply) {
    public LabVmSeed {
        features = features == null ? List.of() : List.copyOf(features);
    }
}
