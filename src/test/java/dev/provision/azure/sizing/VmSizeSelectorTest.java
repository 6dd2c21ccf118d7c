package dev.provision.azure.sizing;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Size selection on the real eastus2 SKU list and real usages. */
class VmSizeSelectorTest {
    private static List<VmSku> skus;
    private static List<QuotaUsage> usages;
    private final VmSizeSelector selector = new VmSizeSelector(NestedVirtualizationCatalog.documented());

    @BeforeAll
    static void readRecordings() throws Exception {
        skus = RecordedAzure.eastus2Skus();
        usages = RecordedAzure.usages();
    }

    /** What the docker-desktop profile asks for, for a Gen2 Windows 11 image on Premium SSD. */
    private static SizeRequest dockerDesktop(List<String> preferred, int count) {
        return new SizeRequest(4, 16, null, preferred, false, "V2", List.of(), true, count);
    }

    @Test
    void theDockerDesktopProfilePicksD4sV5AndExplainsEveryOtherSize() {
        SizeSelection s = selector.select(dockerDesktop(List.of("Standard_D4s_v5"), 1), "eastus2", skus, usages);
        assertEquals("Standard_D4s_v5", s.best().orElseThrow().name());
        assertEquals(skus.size(), s.candidates().size() + s.rejections().size(), "every size is accounted for");
        assertTrue(s.rejections().stream().allMatch(r -> r.reason() != null && !r.reason().isBlank()));
    }

    @Test
    void withoutAPreferenceTheSmallestNewestIntelSizeWinsAndItIsD4sV5Too() {
        SizeSelection s = selector.select(dockerDesktop(List.of(), 1), "eastus2", skus, usages);
        assertEquals("Standard_D4s_v5", s.best().orElseThrow().name());
    }

    @Test
    void rejectionsSayWhyInTheUsersTerms() {
        SizeSelection s = selector.select(dockerDesktop(List.of(), 1), "eastus2", skus, usages);
        assertEquals("burstable series (B), no nested virtualization",
                s.rejectionOf("Standard_B4ms").orElseThrow().reason());
        assertTrue(s.rejectionOf("Standard_D2s_v5").orElseThrow().reason().startsWith("2 vCPUs, at least 4"));
        assertTrue(s.rejectionOf("Standard_D4as_v5").orElseThrow().reason().startsWith("AMD series (Dasv5)"));
        assertTrue(s.rejectionOf("Standard_A4_v2").orElseThrow().reason().contains("no nested virtualization"));
        assertTrue(s.rejectionOf("Standard_DC4s_v3").orElseThrow().reason().contains("confidential"));
        assertTrue(s.rejectionOf("Standard_D4_v5").orElseThrow().reason().contains("Premium SSD"));
        assertTrue(s.rejectionOf("Standard_NC6_Promo").orElseThrow().reason().contains("not in the nested"),
                "an uncatalogued series is unknown, never guessed");
    }

    @Test
    void withD4sV5RestrictedTheNextValidSizeIsPicked() {
        List<VmSku> restricted = new ArrayList<>();
        for (VmSku sku : skus) {
            restricted.add(sku.name().equals("Standard_D4s_v5") ? new VmSku(sku.name(), sku.family(), sku.vcpus(),
                    sku.memoryGiB(), sku.hyperVGenerations(), sku.architecture(), sku.premiumIO(),
                    "NotAvailableForSubscription", sku.restrictedZones(), sku.zones()) : sku);
        }
        SizeSelection s = selector.select(dockerDesktop(List.of("Standard_D4s_v5"), 1), "eastus2", restricted,
                usages);
        assertEquals("Standard_D4s_v5: NotAvailableForSubscription in eastus2",
                s.rejectionOf("Standard_D4s_v5").orElseThrow().toString());
        assertEquals("Standard_D4ds_v5", s.best().orElseThrow().name());
    }

    @Test
    void quotaIsCheckedForTheWholeBatch() {
        List<QuotaUsage> tight = new ArrayList<>(usages);
        tight.add(0, new QuotaUsage("standardDSv5Family", 2, 10));
        SizeSelection one = selector.select(dockerDesktop(List.of(), 2), "eastus2", skus, tight);
        assertEquals("Standard_D4s_v5", one.best().orElseThrow().name(), "2 VMs x 4 vCPUs fit in 8 free");
        SizeSelection three = selector.select(dockerDesktop(List.of(), 3), "eastus2", skus, tight);
        assertEquals("quota: standardDSv5Family has 8 of 10 vCPUs free, 12 needed for 3 VMs",
                three.rejectionOf("Standard_D4s_v5").orElseThrow().reason());
        assertTrue(!three.best().orElseThrow().name().equals("Standard_D4s_v5"));
    }

    @Test
    void regionalCoresExhaustedLeavesNothingAndNamesTheFallback() {
        List<QuotaUsage> none = List.of(new QuotaUsage("cores", 100, 100));
        SizeSelection s = selector.select(dockerDesktop(List.of(), 1), "eastus2", skus, none);
        assertTrue(s.best().isEmpty());
        assertTrue(s.nothingQualifies().contains("Docker Offload"), s.nothingQualifies());
        assertTrue(s.rejectionOf("Standard_D4s_v5").orElseThrow().reason().startsWith("quota: cores has 0 of 100"));
    }

    @Test
    void zoneRestrictionsAreRespectedWhenZonesAreAsked() {
        VmSku zoned = skus.stream().filter(k -> !k.restrictedZones().isEmpty() && k.family().equals("standardDSv5Family"))
                .findFirst().orElse(null);
        List<VmSku> list = new ArrayList<>(skus);
        if (zoned == null) {
            VmSku d4 = skus.stream().filter(k -> k.name().equals("Standard_D4s_v5")).findFirst().orElseThrow();
            list.remove(d4);
            zoned = new VmSku(d4.name(), d4.family(), d4.vcpus(), d4.memoryGiB(), d4.hyperVGenerations(),
                    d4.architecture(), d4.premiumIO(), null, Set.of("2"), d4.zones());
            list.add(zoned);
        }
        String zone = zoned.restrictedZones().iterator().next();
        SizeRequest inZone = new SizeRequest(zoned.vcpus(), zoned.memoryGiB(), zoned.name(), List.of(), false, null,
                List.of(zone), false, 1);
        SizeSelection s = selector.select(inZone, "eastus2", list, List.of());
        assertEquals("zone " + zone + " NotAvailableForSubscription in eastus2",
                s.rejectionOf(zoned.name()).orElseThrow().reason());
    }

    @Test
    void anExactSizeIsJudgedAloneAndAnUnknownOneIsNamed() {
        SizeRequest exact = new SizeRequest(4, 16, "Standard_B4ms", List.of(), false, null, List.of(), false, 1);
        SizeSelection s = selector.select(exact, "eastus2", skus, usages);
        assertTrue(s.best().isEmpty());
        assertEquals(1, s.rejections().size());
        SizeRequest missing = new SizeRequest(4, 16, "Standard_D4s_v9", List.of(), false, null, List.of(), false, 1);
        assertEquals("not offered in eastus2", selector.select(missing, "eastus2", skus, usages).rejections()
                .get(0).reason());
    }

    @Test
    void aGen1OnlySizeIsRejectedForAGen2Image() {
        SizeSelection s = selector.select(new SizeRequest(4, 16, "Standard_D4_v3", List.of(), false, "V2", List.of(),
                false, 1), "eastus2", skus, usages);
        assertTrue(s.rejections().get(0).reason().contains("the image needs V2"), s.rejections().toString());
    }
}
