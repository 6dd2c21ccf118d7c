package dev.provision.provider;

import java.util.List;

/**
 * A provider's answer to a {@link SizeQuery}, in neutral terms the command line renders as it likes.
 *
 * @param asked            what was judged, after the target's defaults were filled in
 * @param candidates       the sizes that qualify, best first
 * @param rejections       every other size, with the reason it was not chosen
 * @param nothingQualifies when no size qualifies, the one line that names the real cause; else null
 */
public record SizeAdvice(String location, Asked asked, List<Candidate> candidates, List<Rejection> rejections,
                         String nothingQualifies) {
    public SizeAdvice {
        candidates = List.copyOf(candidates);
        rejections = List.copyOf(rejections);
    }

    /** The rejections worth showing by default: those with a named reason. */
    public List<Rejection> named() {
        return rejections.stream().filter(Rejection::named).toList();
    }

    /**
     * @param exact           the one size {@code size.exact} pins, or null
     * @param preferred       the desired state's preferred sizes, best first
     * @param imageGeneration the Hyper-V generation the image needs, or null when any will do
     * @param zones           the zones the VMs go into; empty for none
     * @param count           how many VMs the quota must hold
     */
    public record Asked(int minVcpus, double minMemoryGiB, String exact, List<String> preferred,
                        String imageGeneration, List<String> zones, int count) {
        public Asked {
            preferred = List.copyOf(preferred);
            zones = List.copyOf(zones);
        }
    }

    /**
     * @param vcpus        what the guest gets
     * @param chargedVcpus what quota is charged; more than {@code vcpus} on a constrained-vCPU size
     * @param series       the series as the vendor's documentation names it
     * @param preferred    one of the desired state's preferred sizes
     */
    public record Candidate(String name, int vcpus, int chargedVcpus, double memoryGiB, String series,
                            boolean preferred) {
        public boolean constrained() {
            return vcpus < chargedVcpus;
        }
    }

    /**
     * @param cause the kind of reason in one lowercase word or two (e.g. too_small, restricted, quota), for scripts
     * @param named false for a size of a series the provider's catalog does not cover: unknown, never guessed, and
     *              only counted unless every reason is asked for
     */
    public record Rejection(String size, String cause, String reason, boolean named) {
        @Override
        public String toString() {
            return size + ": " + reason;
        }
    }
}
