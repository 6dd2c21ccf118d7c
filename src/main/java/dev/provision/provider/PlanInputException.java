package dev.provision.provider;

import dev.provision.spec.Diagnostic;
import java.util.List;

/**
 * Thrown by a provider's rules when the spec names something the inventory does not have (a clone template, a
 * folder, a datastore): the user's input is wrong, not the plan. The planner reports it like any other spec
 * problem, with the spec's line, and nothing is changed.
 */
public final class PlanInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<Diagnostic> diagnostics;

    public PlanInputException(List<Diagnostic> diagnostics) {
        super(diagnostics.isEmpty() ? "invalid input" : diagnostics.get(0).render());
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
