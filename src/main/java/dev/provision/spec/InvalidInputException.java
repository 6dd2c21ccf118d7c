package dev.provision.spec;

import java.util.List;

/**
 * The user's input (a spec, a plan file, an option) is wrong. Carries every problem found, not just the first,
 * so the user can fix them all in one go. The CLI maps it to exit code 2.
 */
public class InvalidInputException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<Diagnostic> diagnostics;

    public InvalidInputException(List<Diagnostic> diagnostics) {
        super(diagnostics.isEmpty() ? "invalid input" : diagnostics.get(0).render());
        this.diagnostics = List.copyOf(diagnostics);
    }

    public InvalidInputException(SourceLocation at, String message) {
        this(List.of(Diagnostic.error(at, message)));
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
