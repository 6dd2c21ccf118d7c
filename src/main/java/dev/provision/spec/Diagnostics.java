package dev.provision.spec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects every problem found while reading a spec and its profiles, so the user sees them all in one run
 * instead of fixing them one at a time.
 */
final class Diagnostics {
    private final List<Diagnostic> found = new ArrayList<>();
    private final List<String> files = new ArrayList<>();

    void error(SourceLocation at, String message) {
        if (!files.contains(at.file())) {
            files.add(at.file());
        }
        found.add(Diagnostic.error(at, message));
    }

    boolean hasErrors() {
        return !found.isEmpty();
    }

    int count() {
        return found.size();
    }

    /** In reading order: files as first met (the spec before its profiles), then line and column. */
    List<Diagnostic> sorted() {
        List<Diagnostic> copy = new ArrayList<>(found);
        copy.sort(Comparator.<Diagnostic>comparingInt(d -> files.indexOf(d.location().file()))
                .thenComparingInt(d -> d.location().line())
                .thenComparingInt(d -> d.location().column()));
        return copy;
    }

    void throwIfAny() throws InvalidInputException {
        if (hasErrors()) {
            throw new InvalidInputException(sorted());
        }
    }
}
