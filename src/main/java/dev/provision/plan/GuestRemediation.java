package dev.provision.plan;

import dev.provision.model.Action;
import dev.provision.model.Change;
import dev.provision.model.DesiredVm;
import dev.provision.model.Disruption;
import dev.provision.model.PlanWarning;

import dev.provision.guest.FeatureState;
import dev.provision.guest.GuestFacts;
import dev.provision.guest.RequiredFeatures;
import dev.provision.spec.GuestCheck;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The opt-in guest remediation ({@code guest.enableFeatures: true}), planned like any other change: the Windows
 * features the wanted checks need and the probe found off are added to the VM's change, with the restart they
 * cost shown as a {@code reboot} disruption. Which features a check needs is {@link RequiredFeatures}'s rule, the
 * one the verdicts follow (no WSL optional component on Windows 11). Pure: the probing happened before.
 */
public final class GuestRemediation {
    private GuestRemediation() {}

    /**
     * @param wanting the VMs whose desired state opts in, by address ({@code target/vm})
     * @param facts   what the probe found in those that could be probed, by address
     * @param notProbed why the others could not be, by address
     */
    public static Plan amend(Plan plan, Map<String, DesiredVm> wanting, Map<String, GuestFacts> facts,
                             Map<String, String> notProbed) {
        List<Change> changes = new ArrayList<>();
        List<PlanWarning> warnings = new ArrayList<>(plan.warnings());
        for (Change change : plan.changes()) {
            DesiredVm vm = wanting.get(change.address());
            GuestFacts found = facts.get(change.address());
            if (vm == null) {
                changes.add(change);
            } else if (change.action() == Action.CREATE && change.blocked() == null) {
                changes.add(afterCreate(change));
            } else if (found == null) {
                changes.add(change);
                String why = change.action() == Action.CREATE ? "the VM does not exist yet"
                        : notProbed.getOrDefault(change.address(), "the guest was not probed");
                warnings.add(new PlanWarning(change.target(), change.vm(), "guest features not checked ("
                        + why + "); the next plan enables what is missing"));
            } else {
                changes.add(withFeatures(change, missing(vm, found)));
            }
        }
        return new Plan(plan.formatVersion(), plan.createdAt(), plan.specPath(), plan.specDigest(), changes, warnings,
                plan.selection(), plan.environment());
    }

    /**
     * A VM this change creates has no guest to probe yet: its change promises the probe and the features after
     * the create ({@link Change#featuresAfterCreate()}), and shows the restart that may cost as a {@code reboot}.
     */
    static Change afterCreate(Change change) {
        List<Disruption> disruption = new ArrayList<>(change.disruption());
        if (!disruption.contains(Disruption.REBOOT)) {
            disruption.add(Disruption.REBOOT);
        }
        return new Change(change.target(), change.vm(), change.action(), disruption, change.reasons(),
                change.before(), change.after(), null, change.powerCycle(), change.shutdownTimeout(), List.of(),
                true);
    }

    /**
     * The features the VM's wanted checks need and its guest lacks (or has only pending a restart): the one rule
     * for the plan-time probe and for the probe of a guest just created.
     */
    public static List<String> missing(DesiredVm vm, GuestFacts facts) {
        Set<String> out = new LinkedHashSet<>();
        for (GuestCheck check : vm.desired().guest().checksOrEmpty()) {
            for (String feature : RequiredFeatures.of(check, facts)) {
                if (facts.feature(feature) != FeatureState.ENABLED || Boolean.TRUE.equals(facts.rebootPending())) {
                    out.add(feature);
                }
            }
        }
        return List.copyOf(out);
    }

    private static Change withFeatures(Change change, List<String> features) {
        if (features.isEmpty()) {
            return change;
        }
        List<String> reasons = new ArrayList<>(change.reasons());
        if (change.blocked() != null) {
            reasons.add("guest features " + String.join(", ", features) + " wait until this change can be made");
            return change.withReasons(reasons);
        }
        List<Disruption> disruption = new ArrayList<>(change.disruption());
        if (!disruption.contains(Disruption.REBOOT)) {
            // A disruption is a kind, not a count: the reasons say that the guest restarts once more.
            disruption.add(Disruption.REBOOT);
        }
        reasons.add("enable " + String.join(", ", features) + " in the guest, then restart it (guest.enableFeatures)");
        Action action = change.action() == Action.NO_OP ? Action.UPDATE : change.action();
        return change.enablingFeatures(action, disruption, reasons, features);
    }
}
