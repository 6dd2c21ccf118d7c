package dev.provision.apply;

import dev.provision.model.ChangeOutcome;

import java.util.List;

/** Every change's outcome, in plan order. */
public record ApplyReport(List<ChangeOutcome> outcomes) {
    public ApplyReport {
        outcomes = List.copyOf(outcomes);
    }

    public long count(ChangeOutcome.Status status) {
        return outcomes.stream().filter(o -> o.status() == status).count();
    }

    public boolean anyFailure() {
        return outcomes.stream().anyMatch(o -> o.status().isFailure());
    }
}
