package dev.provision.azure;

import java.util.Locale;

/**
 * The Hyper-V generation a marketplace image boots, from the marketplace's naming: Gen2 SKUs end in "-g2" or
 * "gen2" (2022-datacenter-g2, win10-22h2-ent-g2), Windows 11 and Azure Edition images exist only as Gen2. Azure
 * knows it exactly from the image version, but asking costs a call per image; a wrong guess is caught by the
 * create ("cannot boot Hypervisor Generation"), never by a silent misfit. Trusted Launch is Gen2 by definition.
 */
final class ImageGeneration {
    private ImageGeneration() {}

    /** "V1", "V2", or null when it cannot be told from the name (an image resource ID: any generation will do). */
    static String of(String image, String securityType) {
        if (VmProperties.TRUSTED_LAUNCH.equals(securityType)) {
            return "V2";
        }
        if (image == null || image.startsWith("/")) {
            return null;
        }
        String[] urn = image.split(":");
        if (urn.length != 4) {
            return null;
        }
        String sku = urn[2].toLowerCase(Locale.ROOT);
        boolean gen2 = sku.endsWith("-g2") || sku.endsWith("gen2") || sku.contains("-gen2")
                || sku.startsWith("win11") || sku.contains("azure-edition");
        return gen2 ? "V2" : "V1";
    }
}
