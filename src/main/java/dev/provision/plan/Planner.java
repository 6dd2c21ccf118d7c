package dev.provision.plan;

import dev.provision.model.Change;
import dev.provision.model.DesiredVm;
import dev.provision.model.PlanWarning;
import dev.provision.model.TargetPlan;
import dev.provision.provider.ChangeRules;

import dev.provision.provider.Inventory;
import dev.provision.spec.Diagnostic;
import dev.provision.spec.InvalidInputException;
import dev.provision.spec.Spec;
import dev.provision.spec.TargetSpec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Desired state plus observed state in, plan out. Pure: it reads nothing and changes nothing, so the same inputs
 * always give the same plan, and a plan can be tested without any cloud.
 */
public final class Planner {
    private final Map<String, ChangeRules> rulesByTarget;

    /** @param rulesByTarget each target's provider rules, by target name */
    public Planner(Map<String, ChangeRules> rulesByTarget) {
        this.rulesByTarget = Map.copyOf(rulesByTarget);
    }

    /**
     * @param observed    each target's inventory, by target name
     * @param specPath    how the user named the spec, recorded in the plan
     * @param createdAt   when the plan is made (passed in: the planner reads no clock)
     * @throws InvalidInputException when the spec's VM entries do not fit the inventory (all problems at once)
     */
    public Plan plan(Spec spec, Map<String, Inventory> observed, String specPath, Instant createdAt)
            throws InvalidInputException {
        List<Diagnostic> problems = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        List<PlanWarning> warnings = new ArrayList<>();
        for (TargetSpec target : spec.targets()) {
            Inventory inventory = observed.get(target.name());
            List<DesiredVm> desired = SelectorResolver.resolve(target, inventory, problems);
            TargetPlan targetPlan = rulesByTarget.get(target.name()).plan(target, inventory, desired);
            changes.addAll(targetPlan.changes());
            warnings.addAll(targetPlan.warnings());
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new Plan(Plan.FORMAT_VERSION, createdAt, specPath, spec.digest(), changes, warnings);
    }
}
