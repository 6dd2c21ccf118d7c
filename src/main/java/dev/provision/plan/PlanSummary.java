package dev.provision.plan;

import dev.provision.model.Action;
import dev.provision.model.Blocked;
import dev.provision.model.Change;

/**
 * The plan's counts, made by one rule for every place that shows them (the JSON {@code summary} and the text
 * footer): a change held back is counted once, as {@code refused} or {@code pending}, never also under its action;
 * {@code create}, {@code update} and {@code replace} count only what an apply will carry out.
 */
public record PlanSummary(long create, long update, long replace, long unchanged, long refused, long pending,
                          long disruptive) {
    public static PlanSummary of(Plan plan) {
        long[] byAction = new long[Action.values().length];
        long refused = 0;
        long pending = 0;
        long disruptive = 0;
        for (Change c : plan.changes()) {
            if (c.blocked() == null) {
                byAction[c.action().ordinal()]++;
                disruptive += c.isActionable() && c.isDisruptive() ? 1 : 0;
            } else if (c.blocked().kind() == Blocked.Kind.REFUSED) {
                refused++;
            } else {
                pending++;
            }
        }
        return new PlanSummary(byAction[Action.CREATE.ordinal()], byAction[Action.UPDATE.ordinal()],
                byAction[Action.REPLACE.ordinal()], byAction[Action.NO_OP.ordinal()], refused, pending, disruptive);
    }

    /** Changes an apply would carry out now. */
    public long toApply() {
        return create + update + replace;
    }

    /** Changes held back, for whatever reason; the JSON's {@code blocked}. */
    public long blocked() {
        return refused + pending;
    }

    /** True when every VM already is as wanted. */
    public boolean nothingToDo() {
        return toApply() == 0 && blocked() == 0;
    }
}
