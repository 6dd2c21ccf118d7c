package dev.provision.azure.sizing;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        assertEquals("quota: standardDSv5Family has 8 of 10 vCPUs free, 12 needed for 3 VMs: 4 vCPUs short",
                three.rejectionOf("Standard_D4s_v5").orElseThrow().reason());
        assertTrue(!three.best().orElseThrow().name().equals("Standard_D4s_v5"));
    }

    @Test
    void regionalCoresExhaustedLeavesNothingAndNamesQuotaNotTheFallback() {
        List<QuotaUsage> none = List.of(new QuotaUsage("cores", 100, 100));
        SizeSelection s = selector.select(dockerDesktop(List.of(), 1), "eastus2", skus, none);
        assertTrue(s.best().isEmpty());
        assertFalse(s.nothingQualifies(null).contains("Docker Offload"), "sizes that nest exist: "
                + s.nothingQualifies(null));
        assertTrue(s.nothingQualifies(null).contains("the closest: Standard_D4s_v5: quota: cores has 0 of 100"),
                s.nothingQualifies(null));
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
        assertEquals("not offered in eastus2; did you mean Standard_D4s_v5?", selector.select(missing, "eastus2",
                skus, usages).rejections().get(0).reason());
    }

    @Test
    void aGen1OnlySizeIsRejectedForAGen2Image() {
        SizeSelection s = selector.select(new SizeRequest(4, 16, "Standard_D4_v3", List.of(), false, "V2", List.of(),
                false, 1), "eastus2", skus, usages);
        assertTrue(s.rejections().get(0).reason().contains("the image needs V2"), s.rejections().toString());
    }

    private static VmSku named(String name) {
        return skus.stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(
                name + " is not in the recorded eastus2 list"));
    }

    @Test
    void aConstrainedVcpuSizeIsJudgedOnItsAvailableVcpusAndChargedOnAllOfThem() {
        VmSku e4 = named("Standard_E4-2s_v5");
        assertEquals(4, e4.vcpus());
        assertEquals(2, e4.guestVcpus(), "the recorded capability vCPUsAvailable");
        SizeSelection four = selector.select(dockerDesktop(List.of(), 1), "eastus2", skus, usages);
        assertEquals("2 vCPUs (4 charged: constrained-vCPU size), at least 4 wanted",
                four.rejectionOf("Standard_E4-2s_v5").orElseThrow().reason());
        SizeRequest two = new SizeRequest(2, 16, "Standard_E4-2s_v5", List.of(), false, "V2", List.of(), true, 1);
        SizeSelection quota = selector.select(two, "eastus2", skus, List.of(new QuotaUsage("standardESv5Family", 0,
                3)));
        assertEquals("quota: standardESv5Family has 3 of 3 vCPUs free, 4 needed for 1 VM: 1 vCPUs short",
                quota.rejectionOf("Standard_E4-2s_v5").orElseThrow().reason());
    }

    /** The series the domain notes list, found through real SKU names of the recorded eastus2 list. */
    @Test
    void theCatalogKnowsTheDocumentedSeriesByTheirRealSkuNames() {
        NestedVirtualizationCatalog catalog = NestedVirtualizationCatalog.documented();
        for (String size : List.of("Standard_E4_v5", "Standard_E4d_v5", "Standard_E4ds_v5", "Standard_E4bs_v5",
                "Standard_E4bds_v5", "Standard_E4as_v5", "Standard_E4ads_v5", "Standard_E4-2s_v5",
                "Standard_E4-2ds_v5", "Standard_E4-2as_v5")) {
            assertEquals(NestedSupport.SUPPORTED, catalog.lookup(named(size).family()).support(), size);
        }
        for (String size : List.of("Standard_D4a_v4", "Standard_D4as_v4", "Standard_E4as_v4", "Standard_L8s_v2",
                "Standard_M208ms_v2", "Standard_NC24ads_A100_v4")) {
            SeriesFacts facts = catalog.lookup(named(size).family());
            assertEquals(NestedSupport.NOT_SUPPORTED, facts.support(), size);
            assertTrue(facts.source() != null && facts.source().contains("series"), "each row keeps its source");
        }
        assertTrue(catalog.lookup(named("Standard_E4as_v5").family()).amd());
        SizeSelection ev3 = selector.select(new SizeRequest(4, 16, "Standard_E4_v3", List.of(), false, "V2",
                List.of(), false, 1), "eastus2", skus, usages);
        assertTrue(ev3.rejections().get(0).reason().startsWith("series Ev3 boots Hyper-V generation V1 only"),
                ev3.rejections().toString());
    }

    /**
     * Series newer than the 2022 recording, by the family names Azure's usage listings publish (e.g. "quota family
     * standardDADSv6Family" in quota tooling, StandardDsv7Family and StandardNVADSA10v5Family in az vm list-usage
     * output quoted on GitHub; Easv6 appears as standardEav6Family).
     */
    @Test
    void theCatalogKnowsSeriesNewerThanTheRecording() {
        NestedVirtualizationCatalog catalog = NestedVirtualizationCatalog.documented();
        for (String family : List.of("standardDADSv6Family", "standardDLSv6Family", "standardESv6Family",
                "standardEDSv6Family", "standardEav6Family", "standardEASv6Family", "StandardDsv7Family")) {
            SeriesFacts facts = catalog.lookup(family);
            assertEquals(NestedSupport.SUPPORTED, facts.support(), family);
            assertEquals("V2", facts.onlyGeneration(), family);
        }
        for (String family : List.of("StandardNVADSA10v5Family", "standardBpsv2Family", "standardHBv4Family",
                "standardHXFamily", "standardECASv5Family")) {
            assertEquals(NestedSupport.NOT_SUPPORTED, catalog.lookup(family).support(), family);
        }
    }

    @Test
    void aPreferredSizeThatDoesNotExistIsNamedWithTheNearestRealOne() {
        SizeSelection s = selector.select(dockerDesktop(List.of("Standard_D4sv5"), 1), "eastus2", skus, usages);
        assertEquals("not offered in eastus2; did you mean Standard_D4s_v5?",
                s.rejectionOf("Standard_D4sv5").orElseThrow().reason());
        assertEquals(List.of("preferred size Standard_D4sv5 was not taken: not offered in eastus2; did you mean "
                + "Standard_D4s_v5?; Standard_D4s_v5 instead"), s.passedOver(s.best().orElseThrow(),
                List.of("Standard_D4sv5")));
    }

    @Test
    void dockerOffloadOnlyWhenNothingInTheRegionNests() {
        List<VmSku> allRestricted = skus.stream().map(k -> k.restricted("NotAvailableForSubscription")).toList();
        SizeSelection s = selector.select(dockerDesktop(List.of(), 1), "eastus2", allRestricted, usages);
        assertTrue(s.nothingQualifies(null).contains("Docker Offload"), s.nothingQualifies(null));
    }
}
