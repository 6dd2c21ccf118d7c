package dev.provision.model;

import dev.provision.spec.PowerCyclePolicy;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One VM's planned change: immutable, printable, saved in plan files and walked by the executor.
 *
 * @param before          the VM as observed (empty for a create); the stale-plan check compares it with a new read
 * @param after           the properties the VM will have once the change is done
 * @param blocked         why the change will not be carried out now, or null
 * @param powerCycle      the policy the executor must respect when the change needs the VM off
 * @param shutdownTimeout how long a graceful shutdown may take before the policy's next step
 * @param enableFeatures  Windows features to enable in the guest, then restart it (opt-in remediation); empty
 *                        when the guest is left alone
 * @param featuresAfterCreate for a VM this change creates: once it runs, probe its guest and enable the features
 *                        its checks need and it lacks, then restart it. Which ones cannot be known before the VM
 *                        exists, so the plan promises the step, not the list.
 */
public record Change(String target, String vm, Action action, List<Disruption> disruption, List<String> reasons,
                     Map<String, Object> before, Map<String, Object> after, Blocked blocked,
                     PowerCyclePolicy powerCycle, Duration shutdownTimeout, List<String> enableFeatures,
                     boolean featuresAfterCreate) {
    public Change {
        disruption = List.copyOf(disruption);
        reasons = List.copyOf(reasons);
        before = Collections.unmodifiableMap(new TreeMap<>(before));
        after = Collections.unmodifiableMap(new TreeMap<>(after));
        enableFeatures = enableFeatures == null ? List.of() : List.copyOf(enableFeatures);
    }

    /** A change whose guest features, if any, are known now. */
    public Change(String target, String vm, Action action, List<Disruption> disruption, List<String> reasons,
                  Map<String, Object> before, Map<String, Object> after, Blocked blocked,
                  PowerCyclePolicy powerCycle, Duration shutdownTimeout, List<String> enableFeatures) {
        this(target, vm, action, disruption, reasons, before, after, blocked, powerCycle, shutdownTimeout,
                enableFeatures, false);
    }

    /** A change to the VM itself, leaving the guest alone: what every provider's rules make. */
    public Change(String target, String vm, Action action, List<Disruption> disruption, List<String> reasons,
                  Map<String, Object> before, Map<String, Object> after, Blocked blocked,
                  PowerCyclePolicy powerCycle, Duration shutdownTimeout) {
        this(target, vm, action, disruption, reasons, before, after, blocked, powerCycle, shutdownTimeout, List.of());
    }

    /** Nothing to do: the VM already is what the spec asks. */
    public static Change noOp(String target, DesiredVm vm, Map<String, Object> current) {
        return planned(target, vm, Action.NO_OP, List.of(), List.of(), current, current, null);
    }

    /** A VM to make: nothing is observed before it, nothing disrupted. */
    public static Change create(String target, DesiredVm vm, List<String> reasons, Map<String, Object> after) {
        return planned(target, vm, Action.CREATE, List.of(), reasons, Map.of(), after, null);
    }

    /** A change to an existing VM, held back when {@code blocked} says why (null when it can go ahead). */
    public static Change update(String target, DesiredVm vm, List<Disruption> disruption, List<String> reasons,
                                Map<String, Object> before, Map<String, Object> after, Blocked blocked) {
        return planned(target, vm, Action.UPDATE, disruption, reasons, before, after, blocked);
    }

    /**
     * A change that cannot work as things are: it promises no new state ({@code after} is what is there now,
     * {@code current}, empty for a VM that does not exist) and disrupts nothing.
     */
    public static Change refused(String target, DesiredVm vm, Action action, List<String> reasons,
                                 Map<String, Object> current, String why) {
        return planned(target, vm, action, List.of(), reasons, current, current, Blocked.refused(why));
    }

    /** Any change for one VM of the spec, under the power-cycle policy resolved for it. */
    public static Change planned(String target, DesiredVm vm, Action action, List<Disruption> disruption,
                                 List<String> reasons, Map<String, Object> before, Map<String, Object> after,
                                 Blocked blocked) {
        return new Change(target, vm.name(), action, disruption, reasons, before, after, blocked,
                vm.desired().powerCycle(), vm.desired().shutdownTimeout());
    }

    /** The same change with other reasons (a remediation adding what it will do, or why it waits). */
    public Change withReasons(List<String> newReasons) {
        return new Change(target, vm, action, disruption, newReasons, before, after, blocked, powerCycle,
                shutdownTimeout, enableFeatures, featuresAfterCreate);
    }

    /** The same change that also enables Windows features in the guest and restarts it. */
    public Change enablingFeatures(Action newAction, List<Disruption> newDisruption, List<String> newReasons,
                                   List<String> features) {
        return new Change(target, vm, newAction, newDisruption, newReasons, before, after, blocked, powerCycle,
                shutdownTimeout, features, featuresAfterCreate);
    }

    /** This change with the features a probe found missing, to enable now (after the create it made). */
    public Change withEnableFeatures(List<String> features) {
        return new Change(target, vm, action, disruption, reasons, before, after, blocked, powerCycle,
                shutdownTimeout, features, featuresAfterCreate);
    }

    /** True when the VM itself changes (not only its guest): the provider's apply has work to do. */
    public boolean changesVm() {
        return action == Action.CREATE || action == Action.REPLACE
                || (action == Action.UPDATE && !before.equals(after));
    }

    /** True when an apply would do something to this VM. */
    public boolean isActionable() {
        return action != Action.NO_OP && blocked == null;
    }

    public boolean isDisruptive() {
        return !disruption.isEmpty();
    }

    public String address() {
        return target + "/" + vm;
    }
}
