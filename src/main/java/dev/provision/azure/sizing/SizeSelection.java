package dev.provision.azure.sizing;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of size selection in one region: the adequate sizes, best first, and every other size with the
 * reason it was not chosen.
 */
public record SizeSelection(String location, List<VmSku> candidates, List<Rejection> rejections) {
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

    /** A one-line explanation for when nothing qualifies. */
    public String nothingQualifies() {
        return "no size in " + location + " qualifies (" + rejections.size() + " rejected; 'provision sizes "
                + "--location " + location + "' lists why); " + FALLBACK;
    }
}
