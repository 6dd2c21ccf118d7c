package dev.provision.cli;

import dev.provision.model.Action;
import dev.provision.model.Change;
import dev.provision.model.Disruption;
import dev.provision.plan.Plan;
import dev.provision.plan.PlanSummary;
import dev.provision.model.PlanWarning;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The plan as a person reviews it: what changes on which VM, why, and — unlike Terraform — whether the machine
 * will be restarted, deallocated or replaced.
 */
final class PlanView {
    private final Terminal terminal;

    PlanView(Terminal terminal) {
        this.terminal = terminal;
    }

    void render(Plan plan, PrintWriter out) {
        for (Change change : plan.changes()) {
            if (change.action() != Action.NO_OP || change.blocked() != null) {
                renderChange(change, out);
            }
        }
        renderWarnings(plan, out);
        // Names only: a variable's value may be a secret, and the plan is shared for review.
        plan.environment().forEach((target, fields) -> out.println(target + ": from the environment: "
                + fields.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", "))));
        if (!plan.selection().isAll()) {
            // Said before the counts, so nobody reads a canary's plan as the whole fleet's.
            out.println("Selected: " + plan.selection().describe() + " (the rest of the spec is not planned)");
        }
        out.println(summary(plan));
        out.flush();
    }

    /** The plan's warnings (an insecure connection, irreversible upgrades…); nothing when there are none. */
    void renderWarnings(Plan plan, PrintWriter out) {
        if (plan.warnings().isEmpty()) {
            return;
        }
        out.println(terminal.yellow("Warnings:"));
        for (PlanWarning w : plan.warnings()) {
            out.println("  - " + w.target() + (w.vm() == null ? "" : "/" + w.vm()) + ": " + w.message());
        }
        out.println();
        out.flush();
    }

    /** The footer; counts by {@link PlanSummary}'s rule, the same as the JSON {@code summary}. */
    static String summary(Plan plan) {
        PlanSummary s = PlanSummary.of(plan);
        if (s.nothingToDo()) {
            return "No changes. " + Plural.of(plan.changes().size(), "VM") + " already as wanted.";
        }
        return "Plan: " + s.create() + " to create, " + s.update() + " to update, " + s.replace() + " to replace, "
                + s.unchanged() + " unchanged" + (s.refused() > 0 ? ", " + s.refused() + " refused" : "")
                + (s.pending() > 0 ? ", " + s.pending() + " pending" : "") + ". "
                + (s.disruptive() == 0 ? "No machine will be restarted."
                : s.disruptive() + (s.disruptive() == 1 ? " change restarts, deallocates or replaces a machine."
                : " changes restart, deallocate or replace a machine."));
    }

    private void renderChange(Change c, PrintWriter out) {
        String symbol = switch (c.action()) {
            case CREATE -> terminal.green("+");
            case UPDATE -> terminal.yellow("~");
            case REPLACE -> terminal.red("-/+");
            case NO_OP -> " ";
        };
        String disruption = c.disruption().isEmpty() ? "" : "  " + terminal.red("[" + c.disruption().stream()
                .map(Disruption::key).collect(Collectors.joining(", ")) + "]");
        out.println(symbol + " " + terminal.bold(c.address()) + "  " + c.action().key() + disruption);
        if (c.blocked() != null) {
            out.println("    " + terminal.yellow(c.blocked().kind().key().toUpperCase()) + ": " + c.blocked().reason());
        }
        for (String key : new TreeSet<>(c.after().keySet())) {
            Object was = c.before().get(key);
            Object will = c.after().get(key);
            if (c.action() == Action.CREATE) {
                out.println("    " + key + " = " + will);
            } else if (!Objects.equals(String.valueOf(was), String.valueOf(will))) {
                out.println("    " + key + ": " + was + " -> " + will);
            }
        }
        for (String reason : c.reasons()) {
            out.println("    because " + reason);
        }
        if (c.featuresAfterCreate()) {
            out.println("    then probe the new guest and enable the missing Windows features, restart [reboot]"
                    + " (guest.enableFeatures)");
        }
        out.println();
    }

    /** Flat one-line form of a property map, for summaries. */
    static String flat(Map<String, Object> values) {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }
}
