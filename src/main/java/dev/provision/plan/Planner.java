package dev.provision.plan;

import dev.provision.model.Change;
import dev.provision.model.DesiredVm;
import dev.provision.model.PlanWarning;
import dev.provision.model.TargetPlan;
import dev.provision.provider.ChangeRules;
import dev.provision.provider.PlanInputException;

import dev.provision.provider.Inventory;
import dev.provision.provider.Lease;
import dev.provision.provider.ThisMachine;
import dev.provision.spec.Diagnostic;
import dev.provision.spec.InvalidInputException;
import dev.provision.spec.Spec;
import dev.provision.spec.TargetSpec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Desired state plus observed state in, plan out. Pure: it reads nothing and changes nothing, so the same inputs
 * always give the same plan, and a plan can be tested without any cloud.
 */
public final class Planner {
    private final Map<String, ChangeRules> rulesByTarget;
    private final ThisMachine machine;

    /** @param rulesByTarget each target's provider rules, by target name */
    public Planner(Map<String, ChangeRules> rulesByTarget) {
        this(rulesByTarget, ThisMachine.unknown());
    }

    /**
     * @param machine the machine the plan is made on, passed in like the plan's time: it tells the leases whose
     *                holder ran here and has ended, which the next apply takes over at once
     */
    public Planner(Map<String, ChangeRules> rulesByTarget, ThisMachine machine) {
        this.rulesByTarget = Map.copyOf(rulesByTarget);
        this.machine = machine;
    }

    /**
     * @param observed    each target's inventory, by target name
     * @param specPath    how the user named the spec, recorded in the plan
     * @param createdAt   when the plan is made (passed in: the planner reads no clock)
     * @throws InvalidInputException when the spec's VM entries do not fit the inventory (all problems at once)
     */
    public Plan plan(Spec spec, Map<String, Inventory> observed, String specPath, Instant createdAt)
            throws InvalidInputException {
        return plan(spec, observed, specPath, createdAt, Selection.ALL);
    }

    /**
     * A plan over the {@code selection} only: other targets are not planned, other VMs get no change at all.
     *
     * @throws InvalidInputException also when a target or {@code --vm} glob of the selection selects nothing
     */
    public Plan plan(Spec spec, Map<String, Inventory> observed, String specPath, Instant createdAt,
                     Selection selection) throws InvalidInputException {
        List<Diagnostic> problems = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        List<PlanWarning> warnings = new ArrayList<>();
        List<String> covered = new ArrayList<>();
        Map<String, Map<String, String>> environment = new LinkedHashMap<>();
        for (TargetSpec target : selection.narrow(spec).targets()) {
            if (!target.fromEnvironment().isEmpty()) {
                environment.put(target.name(), target.fromEnvironment());
            }
            Inventory inventory = observed.get(target.name());
            List<DesiredVm> desired = SelectorResolver.resolve(target, inventory, problems);
            desired.forEach(vm -> covered.add(vm.name()));
            TargetPlan targetPlan;
            try {
                targetPlan = rulesByTarget.get(target.name()).plan(target, inventory, selection.filter(desired));
            } catch (PlanInputException wrongSpec) { // the spec names what the inventory lacks: exit 2, at its line
                problems.addAll(wrongSpec.diagnostics());
                continue;
            }
            changes.addAll(targetPlan.changes());
            warnings.addAll(targetPlan.warnings());
            warnings.addAll(leaseWarnings(target.name(), inventory, selection.filter(desired), createdAt));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        selection.requireMatches(covered);
        return new Plan(Plan.FORMAT_VERSION, createdAt, specPath, spec.digest(), changes, warnings, selection,
                environment);
    }

    /** Leases the providers found on the planned VMs: another apply at work now, or one that crashed. */
    private List<PlanWarning> leaseWarnings(String target, Inventory inventory, List<DesiredVm> desired,
                                            Instant now) {
        List<PlanWarning> out = new ArrayList<>();
        for (DesiredVm vm : desired) {
            inventory.lease(vm.name()).ifPresent(lease -> out.add(new PlanWarning(target, vm.name(),
                    leaseWarning(lease, now))));
        }
        return out;
    }

    private String leaseWarning(Lease lease, Instant now) {
        if (lease.liveAt(now) && lease.endedOn(machine)) {
            return "carries the lease of an apply whose process has ended on this machine (" + lease.describe()
                    + "): the next apply takes it over";
        }
        return lease.liveAt(now)
                ? "leased by another apply (" + lease.describe() + "): an apply before then refuses this VM"
                : "carries an expired lease (" + lease.describe() + "), left by an apply that did not finish: "
                + "the next apply takes it over";
    }
}
