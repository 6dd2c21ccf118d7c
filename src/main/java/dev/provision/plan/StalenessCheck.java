package dev.provision.plan;

import dev.provision.model.Change;

import dev.provision.provider.Inventory;
import dev.provision.provider.ObservedVm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A saved plan may only be applied to the world it was made for. This compares each planned VM's recorded
 * "before" with a fresh read, and names every VM and property that moved since.
 */
public final class StalenessCheck {
    private StalenessCheck() {}

    /** @return one line per difference; empty when the plan still fits */
    public static List<String> differences(Plan plan, Map<String, Inventory> now) {
        List<String> out = new ArrayList<>();
        for (Change change : plan.changes()) {
            Inventory inventory = now.get(change.target());
            if (inventory == null) {
                out.add(change.address() + ": target is no longer in the spec");
                continue;
            }
            Optional<ObservedVm> vm = inventory.vm(change.vm());
            Map<String, String> before = normalise(change.before());
            Map<String, String> current = vm.map(v -> normalise(v.describe())).orElse(Map.of());
            if (!before.equals(current)) {
                out.add(change.address() + ": " + describeDifference(before, current));
            }
        }
        return out;
    }

    private static String describeDifference(Map<String, String> before, Map<String, String> now) {
        if (before.isEmpty()) {
            return "was absent when planned, now exists";
        }
        if (now.isEmpty()) {
            return "existed when planned, now absent";
        }
        List<String> parts = new ArrayList<>();
        for (String key : union(before, now)) {
            String was = before.get(key);
            String is = now.get(key);
            if (!Objects.equals(was, is)) {
                parts.add(key + " was " + (was == null ? "unset" : was) + ", now " + (is == null ? "unset" : is));
            }
        }
        return String.join("; ", parts);
    }

    private static List<String> union(Map<String, String> a, Map<String, String> b) {
        TreeMap<String, String> all = new TreeMap<>(a);
        all.putAll(b);
        return List.copyOf(all.keySet());
    }

    /** Plan files hold JSON values; compare as text so 4 and "4" and true and "true" agree after a round trip. */
    private static Map<String, String> normalise(Map<String, Object> values) {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }
}
