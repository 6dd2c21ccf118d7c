package dev.provision.azure.sizing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of size selection in one region: the adequate sizes, best first, and every other size with the
 * reason it was not chosen.
 *
 * @param pinned    the size {@code size.exact} pins, or null
 * @param nestable  how many sizes of the region could run nested virtualization for this subscription at all (x64,
 *                  a documented nesting series, no restriction): when it is 0, and only then, nothing in the region
 *                  will do and Docker Offload is the way out
 * @param closest   the rejection nearest to being chosen (the pinned size's; else the first adequate size in
 *                  preference order that something else ruled out), or null
 */
public record SizeSelection(String location, List<VmSku> candidates, List<Rejection> rejections, String pinned,
                            int nestable, Rejection closest) {
    /** Docker's documented way out when a machine cannot nest. */
    public static final String FALLBACK = "where no size can nest, Docker Offload runs the engine remotely "
            + "(Docker's VM/VDI documentation)";

    public SizeSelection {
        candidates = List.copyOf(candidates);
        rejections = List.copyOf(rejections);
    }

    public Optional<VmSku> best() {
        return candidates.stream().findFirst();
    }

    public Optional<Rejection> rejectionOf(String size) {
        return rejections.stream().filter(r -> r.size().equalsIgnoreCase(size)).findFirst();
    }

    /** The rejections worth showing by default: every one with a named reason, not the uncatalogued series. */
    public List<Rejection> named() {
        return rejections.stream().filter(r -> r.cause() != Rejection.Cause.UNCATALOGUED).toList();
    }

    /**
     * A one-line explanation for when nothing qualifies, naming the real cause.
     *
     * @param listing a command that lists every reason, printed as it must be typed, or null when this is the
     *                listing
     */
    public String nothingQualifies(String listing) {
        String more = listing == null ? "" : " ('" + listing + "' lists every reason)";
        if (pinned != null && closest != null) {
            return "size.exact pins " + closest.size() + ", which cannot be used here: " + closest.reason()
                    + remedy(closest) + more + (nestable == 0 ? "; " + FALLBACK : "");
        }
        if (nestable == 0) {
            return "no size in " + location + " can run nested virtualization for this subscription (none is x64, "
                    + "of a documented nesting series and unrestricted)" + more + "; " + FALLBACK;
        }
        return "no size in " + location + " qualifies for this VM, though " + nestable + " sizes there can nest"
                + (closest == null ? "" : "; the closest: " + closest + remedy(closest)) + more;
    }

    private static String remedy(Rejection closest) {
        return switch (closest.cause()) {
            case QUOTA -> " (free cores, or ask for more quota: portal, Quotas, Compute)";
            case RESTRICTED -> " (ask Azure support to enable the size for the subscription, or pick another region)";
            default -> "";
        };
    }

    /**
     * Why each preferred size ahead of {@code chosen} was not taken, one line each: a preference that is passed over
     * in silence looks like a bug, and usually is a typo, a restriction or a quota.
     */
    public List<String> passedOver(VmSku chosen, List<String> preferred) {
        List<String> out = new ArrayList<>();
        for (String size : preferred) {
            if (size.equalsIgnoreCase(chosen.name())) {
                break;
            }
            String why = rejectionOf(size).map(Rejection::reason).orElse("not judged");
            out.add("preferred size " + size + " was not taken: " + why + "; " + chosen.name() + " instead");
        }
        return out;
    }
}
