package dev.provision.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads one {@link DesiredState} layer from a mapping that holds desired-state keys: a {@code desired:} block, a
 * profile's {@code desired:} or a VM entry (whose other keys, name and pattern, are read elsewhere).
 */
final class DesiredStateReader {
    private DesiredStateReader() {
    }

    /** The layer, or {@link DesiredState#EMPTY} when the block is absent or unreadable (already reported). */
    static DesiredState read(YamlMap m) {
        if (m == null) {
            return DesiredState.EMPTY;
        }
        String power = m.word("powerCycle");
        return new DesiredState(
                m.bool("nestedVirtualization"),
                size(m.map("size")),
                power == null ? null : Keyed.lookup(PowerCyclePolicy.class, power).orElseThrow(),
                m.duration("shutdownTimeout"),
                guest(m.map("guest")),
                m.bool("upgradeHardware"),
                m.bool("replaceTrustedLaunch"));
    }

    private static SizeRequirement size(YamlMap m) {
        if (m == null) {
            return null;
        }
        return new SizeRequirement(m.string("exact"), m.integer("minVcpus"), m.integer("minMemoryGiB"),
                m.strings("preferred"), m.bool("allowAmd"));
    }

    private static GuestSpec guest(YamlMap m) {
        if (m == null) {
            return null;
        }
        List<String> words = m.words("checks");
        List<GuestCheck> checks = null;
        if (words != null) {
            checks = new ArrayList<>();
            for (String w : words) {
                checks.add(Keyed.lookup(GuestCheck.class, w).orElseThrow());
            }
        }
        return new GuestSpec(checks, m.string("distro"), m.string("user"), SecretRefReader.read(m, "password"),
                m.bool("enableFeatures"));
    }
}
