package dev.provision.plan;

import dev.provision.model.Action;
import dev.provision.model.Change;
import dev.provision.model.PlanWarning;

import java.time.Instant;
import java.util.List;

/**
 * The whole plan: immutable data that can be printed, saved, reviewed, and applied later exactly as reviewed.
 * It never holds a secret: connections are re-read from the spec it names, whose digest must still match.
 *
 * @param specPath   the spec the plan was made from, as given on the command line
 * @param specDigest SHA-256 of the spec and its profiles when planned
 */
public record Plan(int formatVersion, Instant createdAt, String specPath, String specDigest, List<Change> changes,
                   List<PlanWarning> warnings) {
    public static final int FORMAT_VERSION = 1;

    public Plan {
        changes = List.copyOf(changes);
        warnings = List.copyOf(warnings);
    }

    public boolean hasActionableChanges() {
        return changes.stream().anyMatch(Change::isActionable);
    }

    public long count(Action action) {
        return changes.stream().filter(c -> c.action() == action).count();
    }
}
