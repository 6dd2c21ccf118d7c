package dev.provision.azure.sizing;

import java.util.List;

/**
 * What the VMs of one batch need from a size.
 *
 * @param exact            only this size, or null
 * @param preferred        sizes to try first, in order
 * @param hyperVGeneration the image's generation (V1, V2), or null when any will do
 * @param zones            zones the VMs go into; empty for no zonal placement
 * @param premiumStorage   the OS disk is Premium SSD, so the size needs PremiumIO
 * @param count            how many VMs the batch makes, for quota headroom
 */
public record SizeRequest(int minVcpus, double minMemoryGiB, String exact, List<String> preferred, boolean allowAmd,
                          String hyperVGeneration, List<String> zones, boolean premiumStorage, int count) {
    public SizeRequest {
        preferred = preferred == null ? List.of() : List.copyOf(preferred);
        zones = zones == null ? List.of() : List.copyOf(zones);
    }
}
