package dev.provision.engine;

import dev.provision.apply.ApplyReport;
import dev.provision.model.ChangeOutcome;
import dev.provision.guest.NotVerified;
import dev.provision.model.Action;
import dev.provision.model.Blocked;
import dev.provision.model.Change;
import dev.provision.plan.Plan;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which VMs a guest verification leaves out, and why, by address. A refused VM cannot reach the wanted state, so
 * its guest cannot either (and a refusal may be that it is not Windows: the Windows probe would mean nothing); a
 * create that failed or never started left no VM to probe. A failed or pending update is still verified: its
 * guest shows what the failure or the policy left.
 */
final class VerificationScope {
    private VerificationScope() {}

    /** For a verify on its own: the refusals of a plan made from the same reading. */
    static Map<String, NotVerified> refusedIn(Plan plan) {
        Map<String, NotVerified> out = new LinkedHashMap<>();
        for (Change c : plan.changes()) {
            if (c.blocked() != null && c.blocked().kind() == Blocked.Kind.REFUSED) {
                out.put(c.address(), new NotVerified(NotVerified.Reason.REFUSED, c.blocked().reason()));
            }
        }
        return out;
    }

    /** After an apply: its refusals, and the creates that failed or never started. */
    static Map<String, NotVerified> after(ApplyReport report) {
        Map<String, NotVerified> out = new LinkedHashMap<>();
        for (ChangeOutcome o : report.outcomes()) {
            boolean create = o.change().action() == Action.CREATE;
            switch (o.status()) {
                case REFUSED -> out.put(o.change().address(), new NotVerified(NotVerified.Reason.REFUSED,
                        o.message()));
                case FAILED, NOT_STARTED -> {
                    // A create whose VM was made before a later step failed left a guest to verify: its checks
                    // show what the failed step left undone.
                    if (create && !o.created()) {
                        out.put(o.change().address(), new NotVerified(NotVerified.Reason.NOT_CREATED,
                                "its create " + (o.status() == ChangeOutcome.Status.FAILED ? "failed: " + o.message()
                                        : "was not started")));
                    }
                }
                default -> { }
            }
        }
        return out;
    }
}
