package dev.provision.spec;

import java.util.List;

/**
 * What a VM's size must offer. Either an exact size or minimums with an order of preference. Any field may be
 * null in a partial (profile or target-level) requirement; {@link #overlay} fills gaps from a lower layer.
 */
public record SizeRequirement(String exact, Integer minVcpus, Integer minMemoryGiB, List<String> preferred,
                              Boolean allowAmd) {
    public SizeRequirement {
        preferred = preferred == null ? null : List.copyOf(preferred);
    }

    public static final SizeRequirement NONE = new SizeRequirement(null, null, null, null, null);

    /** This requirement, with gaps filled from {@code lower} (a profile or an outer level of the spec). */
    public SizeRequirement overlay(SizeRequirement lower) {
        if (lower == null) {
            return this;
        }
        return new SizeRequirement(
                exact != null ? exact : lower.exact,
                minVcpus != null ? minVcpus : lower.minVcpus,
                minMemoryGiB != null ? minMemoryGiB : lower.minMemoryGiB,
                preferred != null ? preferred : lower.preferred,
                allowAmd != null ? allowAmd : lower.allowAmd);
    }

    public int minVcpusOrZero() {
        return minVcpus == null ? 0 : minVcpus;
    }

    public int minMemoryGiBOrZero() {
        return minMemoryGiB == null ? 0 : minMemoryGiB;
    }
}
