package dev.provision.azure.sizing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Picks nested-virtualization-capable sizes that this subscription can really get in a region. Pure: the SKU
 * list and the usages are read elsewhere (and cached); this only judges them. Every size that is not a candidate
 * gets the first reason that rules it out, in the order a user would check them.
 */
public final class VmSizeSelector {
    /** The regional vCPU total in the usages list. */
    static final String REGIONAL_CORES = "cores";

    private final NestedVirtualizationCatalog catalog;

    public VmSizeSelector(NestedVirtualizationCatalog catalog) {
        this.catalog = catalog;
    }

    public SizeSelection select(SizeRequest request, String location, List<VmSku> skus, List<QuotaUsage> usages) {
        Map<String, QuotaUsage> quota = usages.stream()
                .collect(Collectors.toMap(u -> NestedVirtualizationCatalog.key(u.name()), Function.identity(),
                        (a, b) -> a));
        List<VmSku> candidates = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        for (VmSku sku : skus) {
            if (request.exact() != null && !sku.name().equalsIgnoreCase(request.exact())) {
                continue;
            }
            String reason = reject(sku, request, location, quota);
            if (reason == null) {
                candidates.add(sku);
            } else {
                rejections.add(new Rejection(sku.name(), reason));
            }
        }
        if (request.exact() != null && candidates.isEmpty() && rejections.isEmpty()) {
            rejections.add(new Rejection(request.exact(), "not offered in " + location));
        }
        candidates.sort(order(request));
        rejections.sort(Comparator.comparing(Rejection::size));
        return new SizeSelection(location, candidates, rejections);
    }

    /** The first reason this size cannot serve, or null when it can. */
    private String reject(VmSku sku, SizeRequest request, String location, Map<String, QuotaUsage> quota) {
        SeriesFacts series = catalog.lookup(sku.family());
        if (!"x64".equalsIgnoreCase(sku.architecture())) {
            return sku.architecture() + " size, no nested virtualization";
        }
        if (series.support() == NestedSupport.NOT_SUPPORTED) {
            return series.note() + " series (" + series.series() + "), no nested virtualization";
        }
        if (series.support() == NestedSupport.UNKNOWN) {
            return "series " + sku.family() + " is not in the nested-virtualization catalog: unknown, not guessed";
        }
        if (sku.vcpus() < request.minVcpus()) {
            return sku.vcpus() + " vCPUs, at least " + request.minVcpus() + " wanted";
        }
        if (sku.memoryGiB() < request.minMemoryGiB()) {
            return format(sku.memoryGiB()) + " GiB memory, at least " + format(request.minMemoryGiB()) + " wanted";
        }
        if (series.amd() && !request.allowAmd()) {
            return "AMD series (" + series.series() + "): nesting needs a Windows 11 / Server 2022 guest; "
                    + "set size.allowAmd: true to allow it";
        }
        String generation = generationProblem(sku, series, request);
        if (generation != null) {
            return generation;
        }
        if (sku.locationRestriction() != null) {
            return sku.locationRestriction() + " in " + location;
        }
        for (String zone : request.zones()) {
            if (sku.restrictedZones().contains(zone)) {
                return "zone " + zone + " NotAvailableForSubscription in " + location;
            }
            if (!sku.zones().contains(zone)) {
                return "not offered in zone " + zone + " of " + location;
            }
        }
        if (request.premiumStorage() && !sku.premiumIO()) {
            return "no Premium SSD support, which the OS disk needs";
        }
        return quotaProblem(sku, request, quota);
    }

    private static String generationProblem(VmSku sku, SeriesFacts series, SizeRequest request) {
        String wanted = request.hyperVGeneration();
        if (wanted == null) {
            return null;
        }
        boolean offered = sku.hyperVGenerations().contains(wanted) && !(series.gen2Only() && wanted.equals("V1"));
        return offered ? null : "supports Hyper-V generation " + String.join(",", sku.hyperVGenerations())
                + " only; the image needs " + wanted;
    }

    /** Headroom for the whole batch, not one VM: a batch that fits one at a time can still fail half-way. */
    private static String quotaProblem(VmSku sku, SizeRequest request, Map<String, QuotaUsage> quota) {
        long needed = (long) sku.vcpus() * request.count();
        for (String name : new String[] {sku.family(), REGIONAL_CORES}) {
            QuotaUsage usage = quota.get(NestedVirtualizationCatalog.key(name));
            if (usage != null && usage.free() < needed) {
                return "quota: " + usage.name() + " has " + usage.free() + " of " + usage.limit() + " vCPUs free, "
                        + needed + " needed for " + request.count() + (request.count() == 1 ? " VM" : " VMs");
            }
        }
        return null;
    }

    /** Preferred sizes first; then the smallest; Intel before AMD; the newest generation; the plainest name. */
    private Comparator<VmSku> order(SizeRequest request) {
        List<String> preferred = request.preferred().stream().map(String::toLowerCase).toList();
        return Comparator.<VmSku>comparingInt(s -> {
                    int at = preferred.indexOf(s.name().toLowerCase());
                    return at < 0 ? Integer.MAX_VALUE : at;
                })
                .thenComparingInt(VmSku::vcpus)
                .thenComparingDouble(VmSku::memoryGiB)
                .thenComparing(s -> catalog.lookup(s.family()).amd())
                .thenComparing(Comparator.comparingInt(VmSku::version).reversed())
                .thenComparingInt(s -> s.name().length())
                .thenComparing(VmSku::name);
    }

    private static String format(double gib) {
        return gib == Math.rint(gib) ? String.valueOf((long) gib) : String.valueOf(gib);
    }
}
