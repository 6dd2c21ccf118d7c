package dev.provision.plan;

import dev.provision.model.Action;
import dev.provision.model.Change;
import dev.provision.model.PlanWarning;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole plan: immutable data that can be printed, saved, reviewed, and applied later exactly as reviewed.
 * It never holds a secret: connections are re-read from the spec it names, whose digest must still match.
 *
 * @param specPath   the spec the plan was made from, as given on the command line
 * @param specDigest SHA-256 of the spec and its profiles when planned
 * @param selection  the part of the spec the plan covers ({@code --target}, {@code --vm}); applied exactly so
 * @param environment by target, the connection fields taken from the environment: field to variable name, never
 *                    a value
 */
public record Plan(int formatVersion, Instant createdAt, String specPath, String specDigest, List<Change> changes,
                   List<PlanWarning> warnings, Selection selection, Map<String, Map<String, String>> environment) {
    public static final int FORMAT_VERSION = 1;

    public Plan {
        changes = List.copyOf(changes);
        warnings = List.copyOf(warnings);
        selection = selection == null ? Selection.ALL : selection;
        environment = environment == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    }

    /** A plan over the whole spec. */
    public Plan(int formatVersion, Instant createdAt, String specPath, String specDigest, List<Change> changes,
                List<PlanWarning> warnings) {
        this(formatVersion, createdAt, specPath, specDigest, changes, warnings, Selection.ALL, Map.of());
    }

    public boolean hasActionableChanges() {
        return changes.stream().anyMatch(Change::isActionable);
    }

    public long count(Action action) {
        return changes.stream().filter(c -> c.action() == action).count();
    }
}
