package dev.provision.azure.sizing;

import dev.provision.azure.sizing.Rejection.Cause;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
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
        Map<VmSku, Rejection> rejected = new LinkedHashMap<>();
        int nestable = 0;
        for (VmSku sku : skus) {
            if (nests(sku) && sku.locationRestriction() == null) {
                nestable++;
            }
            if (request.exact() != null && !sku.name().equalsIgnoreCase(request.exact())) {
                continue;
            }
            Rejection rejection = reject(sku, request, location, quota);
            if (rejection == null) {
                candidates.add(sku);
            } else {
                rejected.put(sku, rejection);
            }
        }
        List<Rejection> rejections = new ArrayList<>(rejected.values());
        for (String name : named(request)) {
            if (skus.stream().noneMatch(s -> s.name().equalsIgnoreCase(name))) {
                rejections.add(notOffered(name, location, skus));
            }
        }
        candidates.sort(order(request));
        Rejection closest = closest(request, rejected, rejections);
        rejections.sort(Comparator.comparing(Rejection::size));
        return new SizeSelection(location, candidates, rejections, request.exact(), nestable, closest);
    }

    /** The sizes the spec names: the pinned one, or the preferred ones. */
    private static List<String> named(SizeRequest request) {
        return request.exact() != null ? List.of(request.exact()) : request.preferred();
    }

    private static Rejection notOffered(String name, String location, List<VmSku> skus) {
        return new Rejection(name, "not offered in " + location + SizeNames.didYouMean(name, skus)
                .map(near -> "; did you mean " + near + "?").orElse(""), Cause.NOT_OFFERED);
    }

    /**
     * The rejection nearest to being chosen: the pinned size's; else a preferred size that does not exist (a typo);
     * else the size that passed the most checks (quota is checked last, so a size only short of quota is nearest),
     * in preference order; else the first nesting size, too small.
     */
    private Rejection closest(SizeRequest request, Map<VmSku, Rejection> rejected, List<Rejection> all) {
        if (request.exact() != null) {
            return all.isEmpty() ? null : all.get(0);
        }
        List<VmSku> ordered = new ArrayList<>(rejected.keySet());
        ordered.sort(order(request));
        for (String name : request.preferred()) {
            for (Rejection r : all) {
                if (r.size().equalsIgnoreCase(name) && r.cause() == Cause.NOT_OFFERED) {
                    return r;
                }
            }
        }
        Rejection nearest = null;
        for (VmSku sku : ordered) {
            Rejection r = rejected.get(sku);
            boolean counts = r.cause().adequate() || r.cause() == Cause.TOO_SMALL;
            // Among sizes that are all too small, the largest is the nearest.
            boolean larger = nearest != null && nearest.cause() == Cause.TOO_SMALL && r.cause() == Cause.TOO_SMALL;
            if (counts && (nearest == null || larger || r.cause().compareTo(nearest.cause()) > 0)) {
                nearest = r;
            }
        }
        return nearest;
    }

    private boolean nests(VmSku sku) {
        return "x64".equalsIgnoreCase(sku.architecture())
                && catalog.lookup(sku.family()).support() == NestedSupport.SUPPORTED;
    }

    /** The first reason this size cannot serve, or null when it can. */
    private Rejection reject(VmSku sku, SizeRequest request, String location, Map<String, QuotaUsage> quota) {
        SeriesFacts series = catalog.lookup(sku.family());
        if (!"x64".equalsIgnoreCase(sku.architecture())) {
            return no(sku, Cause.CANNOT_NEST, sku.architecture() + " size, no nested virtualization");
        }
        if (series.support() == NestedSupport.NOT_SUPPORTED) {
            return no(sku, Cause.CANNOT_NEST, series.note() + " series (" + series.series()
                    + "), no nested virtualization");
        }
        if (series.support() == NestedSupport.UNKNOWN) {
            return no(sku, Cause.UNCATALOGUED, "series " + sku.family()
                    + " is not in the nested-virtualization catalog: unknown, not guessed");
        }
        if (sku.guestVcpus() < request.minVcpus()) {
            return no(sku, Cause.TOO_SMALL, sku.describeVcpus() + ", at least " + request.minVcpus() + " wanted");
        }
        if (sku.memoryGiB() < request.minMemoryGiB()) {
            return no(sku, Cause.TOO_SMALL, format(sku.memoryGiB()) + " GiB memory, at least "
                    + format(request.minMemoryGiB()) + " wanted");
        }
        if (series.amd() && !request.allowAmd()) {
            return no(sku, Cause.AMD_NOT_ALLOWED, "AMD series (" + series.series() + "): nesting needs a Windows 11 "
                    + "/ Server 2022 guest; set size.allowAmd: true to allow it");
        }
        String generation = generationProblem(sku, series, request);
        if (generation != null) {
            return no(sku, Cause.GENERATION, generation);
        }
        if (sku.locationRestriction() != null) {
            return no(sku, Cause.RESTRICTED, sku.locationRestriction() + " in " + location);
        }
        for (String zone : request.zones()) {
            if (sku.restrictedZones().contains(zone)) {
                return no(sku, Cause.ZONE, "zone " + zone + " NotAvailableForSubscription in " + location);
            }
            if (!sku.zones().contains(zone)) {
                return no(sku, Cause.ZONE, "not offered in zone " + zone + " of " + location);
            }
        }
        if (request.premiumStorage() && !sku.premiumIO()) {
            return no(sku, Cause.STORAGE, "no Premium SSD support, which the OS disk needs");
        }
        String shortOf = quotaProblem(sku, request, quota);
        return shortOf == null ? null : no(sku, Cause.QUOTA, shortOf);
    }

    private static Rejection no(VmSku sku, Cause cause, String reason) {
        return new Rejection(sku.name(), reason, cause);
    }

    /** The SKU's own list of generations, and the catalog's word where the series boots only one (Ev3: V1). */
    private static String generationProblem(VmSku sku, SeriesFacts series, SizeRequest request) {
        String wanted = request.hyperVGeneration();
        if (wanted == null) {
            return null;
        }
        if (series.onlyGeneration() != null && !series.onlyGeneration().equals(wanted)) {
            return "series " + series.series() + " boots Hyper-V generation " + series.onlyGeneration()
                    + " only (" + series.source() + "); the image needs " + wanted;
        }
        return sku.hyperVGenerations().contains(wanted) ? null : "supports Hyper-V generation "
                + String.join(",", sku.hyperVGenerations()) + " only; the image needs " + wanted;
    }

    /**
     * Headroom for the whole batch, not one VM: a batch that fits one at a time can still fail half-way. Quota is
     * charged on the size's full vCPUs, also for constrained-vCPU sizes whose guest gets fewer.
     */
    private static String quotaProblem(VmSku sku, SizeRequest request, Map<String, QuotaUsage> quota) {
        long needed = (long) sku.vcpus() * request.count();
        for (String name : new String[] {sku.family(), REGIONAL_CORES}) {
            QuotaUsage usage = quota.get(NestedVirtualizationCatalog.key(name));
            if (usage != null && usage.free() < needed) {
                return "quota: " + usage.name() + " has " + usage.free() + " of " + usage.limit() + " vCPUs free, "
                        + needed + " needed for " + request.count() + (request.count() == 1 ? " VM" : " VMs")
                        + ": " + (needed - usage.free()) + " vCPUs short";
            }
        }
        return null;
    }

    /**
     * Preferred sizes first; then the fewest guest vCPUs; the least memory; the fewest charged vCPUs (a constrained
     * size costs the quota of its full count); Intel before AMD; the newest generation; the plainest name.
     */
    private Comparator<VmSku> order(SizeRequest request) {
        List<String> preferred = request.preferred().stream().map(String::toLowerCase).toList();
        return Comparator.<VmSku>comparingInt(s -> {
                    int at = preferred.indexOf(s.name().toLowerCase());
                    return at < 0 ? Integer.MAX_VALUE : at;
                })
                .thenComparingInt(VmSku::guestVcpus)
                .thenComparingDouble(VmSku::memoryGiB)
                .thenComparingInt(VmSku::vcpus)
                .thenComparing(s -> catalog.lookup(s.family()).amd())
                .thenComparing(Comparator.comparingInt(VmSku::version).reversed())
                .thenComparingInt(s -> s.name().length())
                .thenComparing(VmSku::name);
    }

    private static String format(double gib) {
        return gib == Math.rint(gib) ? String.valueOf((long) gib) : String.valueOf(gib);
    }
}
