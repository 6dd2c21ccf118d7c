package dev.provision.azure.sizing;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * Near misses in size names: {@code Standard_D4sv5} for {@code Standard_D4s_v5}, a missing {@code Standard_}
 * prefix, a letter too many. A size name that does not exist is almost always a typo, and the nearest real name is
 * the useful answer.
 */
final class SizeNames {
    /** Edits allowed beyond separators and case; more than this suggests a different size, not a typo. */
    private static final int MAX_EDITS = 2;

    private SizeNames() {}

    static Optional<String> didYouMean(String wanted, Collection<VmSku> offered) {
        String key = normal(wanted);
        // Ties go to the newest generation: Standard_D4s_v9 is nearer Standard_D4s_v5 than Standard_D4s_v3 in intent.
        return offered.stream()
                .filter(sku -> distance(key, normal(sku.name())) <= MAX_EDITS)
                .min(Comparator.<VmSku>comparingInt(sku -> distance(key, normal(sku.name())))
                        .thenComparing(Comparator.comparingInt(VmSku::version).reversed())
                        .thenComparing(VmSku::name))
                .map(VmSku::name);
    }

    /** Lower case, without separators and without the {@code standard} prefix. */
    private static String normal(String name) {
        String n = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return n.startsWith("standard") ? n.substring("standard".length()) : n;
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
