package dev.provision.azure.sizing;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which Azure size series support nested virtualization. The Resource SKU API has no such capability, so this
 * curated table (from each series' documentation page, "Nested Virtualization" row) is joined with the live SKU
 * list. A series missing here is UNKNOWN: reported, never guessed.
 *
 * <p>Rows are keyed by the SKU's {@code family} as the SKU and usage APIs spell it, lower-cased without the
 * {@code standard} prefix and {@code Family} suffix: {@code standardDSv5Family} is {@code dsv5}.
 */
public final class NestedVirtualizationCatalog {
    private static final String ACD = "azure-compute-docs virtual-machines/sizes: ";
    private static final String NVME = "needs an NVMe-capable OS image";
    private final Map<String, SeriesFacts> byFamily = new HashMap<>();

    private NestedVirtualizationCatalog() {}

    /** The catalog as documented on 2026-12 (see the project's domain notes for each source). */
    public static NestedVirtualizationCatalog documented() {
        NestedVirtualizationCatalog c = new NestedVirtualizationCatalog();
        c.gen1("Dv3", "dv3").yes("Dsv3", "dsv3");
        c.yes("Dv4", "dv4").yes("Dsv4", "dsv4").yes("Ddv4", "ddv4").yes("Ddsv4", "ddsv4");
        c.yes("Dv5", "dv5").yes("Dsv5", "dsv5").yes("Ddv5", "ddv5").yes("Ddsv5", "ddsv5");
        c.amd("Dasv5", "dasv5").amd("Dadsv5", "dadsv5").yes("Dlsv5", "dlsv5");
        c.gen2("Dsv6", "dsv6", false, null).gen2("Ddsv6", "ddsv6", false, null).gen2("Dlsv6", "dlsv6", false, null);
        // The Dasv6 page says some services name the family Dav6; both spellings occur in usage listings.
        c.gen2("Dasv6", "dasv6", true, NVME).gen2("Dasv6", "dav6", true, NVME);
        // Dadsv6's family appears as standardDADSv6Family and as standardDadv6Family in published usage listings.
        c.gen2("Dadsv6", "dadsv6", true, null).gen2("Dadsv6", "dadv6", true, null);
        c.gen2("Dsv7", "dsv7", false, NVME + " (preview series)");
        // Ev3 boots Generation 1 only: its page says so and the recorded eastus2 SKUs offer V1 alone.
        c.gen1("Ev3", "ev3").yes("Esv3", "esv3").yes("Ev4", "ev4").yes("Esv4", "esv4").yes("Edv4", "edv4")
                .yes("Edsv4", "edsv4").yes("Esv5", "esv5");
        c.yes("Ev5", "ev5").yes("Edv5", "edv5").yes("Edsv5", "edsv5").yes("Ebsv5", "ebsv5").yes("Ebdsv5", "ebdsv5");
        c.gen2("Esv6", "esv6", false, null).gen2("Edsv6", "edsv6", false, null);
        c.amd("Easv5", "easv5").amd("Eadsv5", "eadsv5");
        // Easv6's family is spelled standardEav6Family in usage listings; accept both.
        c.gen2("Easv6", "easv6", true, NVME).gen2("Easv6", "eav6", true, NVME);
        c.yes("Fsv2", "fsv2").yes("Lsv3", "lsv3").yes("M", "ms");
        c.no("B", "bs", "burstable").no("Bsv2", "bsv2", "burstable").no("Basv2", "basv2", "burstable")
                .no("Bpsv2", "bpsv2", "Arm64 burstable");
        c.no("Av2", "av2", "entry-level Av2").no("Dpsv5", "dpsv5", "Arm64").no("Dpsv6", "dpsv6", "Arm64");
        c.no("DCasv5", "dcasv5", "confidential").no("ECasv5", "ecasv5", "confidential");
        c.no("Dav4", "dav4", "AMD v4").no("Dasv4", "dasv4", "AMD v4").no("Easv4", "easv4", "AMD v4");
        c.no("Lsv2", "lsv2", "storage-optimized Lsv2").no("Mv2", "msv2", "memory-optimized Mv2");
        c.no("NVadsA10_v5", "nvadsa10v5", "GPU (NVadsA10 v5)").no("NC_A100_v4", "ncadsa100v4", "GPU (NC A100 v4)");
        c.no("HBv4", "hbv4", "HPC (HBv4)").no("HX", "hx", "HPC (HX)");
        return c;
    }

    public SeriesFacts lookup(String family) {
        String key = key(family);
        SeriesFacts facts = byFamily.get(key);
        if (facts != null) {
            return facts;
        }
        if (key.startsWith("dc") || key.startsWith("ddc")) {
            return new SeriesFacts(key, NestedSupport.NOT_SUPPORTED, false, null, "confidential (DC)",
                    ACD + "dcasv5-series");
        }
        return new SeriesFacts(family, NestedSupport.UNKNOWN, false, null, null, null);
    }

    /** {@code standardDSv5Family} → {@code dsv5}. */
    static String key(String family) {
        String k = family == null ? "" : family.replace(" ", "").toLowerCase(Locale.ROOT);
        if (k.startsWith("standard")) {
            k = k.substring("standard".length());
        }
        if (k.endsWith("family")) {
            k = k.substring(0, k.length() - "family".length());
        }
        return k;
    }

    private NestedVirtualizationCatalog yes(String series, String family) {
        return put(family, new SeriesFacts(series, NestedSupport.SUPPORTED, false, null, null, source(series)));
    }

    private NestedVirtualizationCatalog gen1(String series, String family) {
        return put(family, new SeriesFacts(series, NestedSupport.SUPPORTED, false, "V1", null, source(series)));
    }

    private NestedVirtualizationCatalog amd(String series, String family) {
        return put(family, new SeriesFacts(series, NestedSupport.SUPPORTED, true, null, null, source(series)));
    }

    private NestedVirtualizationCatalog gen2(String series, String family, boolean amd, String note) {
        return put(family, new SeriesFacts(series, NestedSupport.SUPPORTED, amd, "V2", note, source(series)));
    }

    private NestedVirtualizationCatalog no(String series, String family, String why) {
        return put(family, new SeriesFacts(series, NestedSupport.NOT_SUPPORTED, false, null, why, source(series)));
    }

    private NestedVirtualizationCatalog put(String family, SeriesFacts facts) {
        byFamily.put(family, facts);
        return this;
    }

    private static String source(String series) {
        return ACD + series.toLowerCase(Locale.ROOT) + "-series";
    }
}
