package dev.provision.model;

import java.util.List;

/** The changes and warnings for one target. */
public record TargetPlan(List<Change> changes, List<PlanWarning> warnings) {
    public TargetPlan {
        changes = List.copyOf(changes);
        warnings = List.copyOf(warnings);
    }
}
