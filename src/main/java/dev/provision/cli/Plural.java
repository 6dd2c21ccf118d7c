package dev.provision.cli;

/** A count with its noun in agreement — "1 target", "2 targets" — for every summary line the CLI prints. */
final class Plural {
    private Plural() {
    }

    /** {@code count} and {@code noun}, with an "s" unless the count is one. */
    static String of(long count, String noun) {
        return of(count, noun, noun + "s");
    }

    /** For nouns whose plural is not the singular plus "s" ("VM entry", "VM entries"). */
    static String of(long count, String one, String many) {
        return count + " " + (count == 1 ? one : many);
    }
}
