package dev.provision.vsphere;

import dev.provision.model.Change;
import dev.provision.model.Disruption;
import dev.provision.plan.Durations;
import dev.provision.provider.ProviderException;
import dev.provision.spec.PowerCyclePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Carries out one planned change on one VM, in the order that keeps it recoverable:
 * <ol>
 *   <li>a running VM first gets its power-on promise ({@link RestoreMarker}), then is shut down per policy;</li>
 *   <li>hardware upgrade (if planned) and one reconfigure (nesting and sizes together), each only on a VM we see
 *   powered off;</li>
 *   <li>power on again when it was on (or was promised to be), wait for VMware Tools, drop the promise.</li>
 * </ol>
 * A change of sizes alone that hot-add allows is one reconfigure of the running VM, with no power cycle.
 * When a step fails, it tries to put the VM back in the power state it started in, and the exception's vmState
 * says what the VM is now, read back from vSphere.
 */
final class VmChange {
    private final Change change;
    private final Consumer<String> progress;
    private final VmOperations vms;
    private final Reconfigure reconfigure;
    private final GuestShutdown shutdown;
    private final InventoryReader reader;
    private final ApplySlots slots;

    VmChange(Change change, Consumer<String> progress, VmOperations vms, InventoryReader reader, ApplySlots slots) {
        this.change = change;
        this.progress = progress;
        this.vms = vms;
        this.reconfigure = new Reconfigure(vms);
        this.shutdown = new GuestShutdown(vms);
        this.reader = reader;
        this.slots = slots;
    }

    void run(VsphereVm start) throws ProviderException, InterruptedException {
        SizeChange size = sizeChange(start);
        boolean offWork = needsReconfigure(start) || needsUpgrade(start) || (size != null && size.whyNotLive() != null);
        switch (start.powerState()) {
            case POWERED_ON -> {
                if (offWork) {
                    requirePlannedPowerCycle(start);
                    slots.powerCycle(start.hostName(), () -> {
                        powerCycle(start);
                        return null;
                    });
                } else if (size != null) {
                    step(start, "resizing while the VM runs (hot-add): " + describe(size),
                            () -> reconfigure.apply(start, null, size));
                    if (start.restorePowerState() != null) {
                        step(start, "removing the note of an earlier interrupted apply",
                                () -> reconfigure.removePowerOnPromise(start));
                    }
                } else if (start.restorePowerState() != null) {
                    step(start, "removing the note of an earlier interrupted apply", () -> reconfigure.removePowerOnPromise(start));
                }
            }
            case POWERED_OFF -> changeWhileOff(start);
            default -> throw new ProviderException("the VM is " + start.powerState().name().toLowerCase()
                    + ": provision only changes VMs that are on or off", "unchanged, " + describePower(start), null);
        }
    }

    private void requirePlannedPowerCycle(VsphereVm start) throws ProviderException {
        if (!change.disruption().contains(Disruption.POWER_CYCLE) || change.powerCycle() == PowerCyclePolicy.NEVER) {
            throw new ProviderException("the VM is on, but the plan did not allow a power cycle (it was off when "
                    + "planned, or powerCycle is 'never'): plan again", "powered on, unchanged", null);
        }
    }

    private void powerCycle(VsphereVm start) throws ProviderException, InterruptedException {
        step(start, "recording on the VM that it must be powered on again", () -> reconfigure.promisePowerOn(start));
        try {
            progress.accept("shutting down the guest (powerCycle " + change.powerCycle().key() + ", up to "
                    + Durations.format(change.shutdownTimeout()) + ")");
            shutdown.powerOff(start.moid(), change.powerCycle(), change.shutdownTimeout(), progress);
        } catch (VsphereException e) {
            throw failed("shutting down failed: " + e.getMessage(), start, e);
        }
        try {
            reconfigureOff(start);
        } catch (VsphereException e) {
            throw failed(e.getMessage(), start, e);
        }
        try {
            progress.accept("powering on");
            vms.powerOn(start.moid());
        } catch (VsphereException e) {
            throw failed("powering the VM on again failed: " + e.getMessage(), start, e);
        }
        awaitTools(start);
        step(start, "removing the power-on note", () -> reconfigure.removePowerOnPromise(start));
    }

    private void changeWhileOff(VsphereVm start) throws ProviderException, InterruptedException {
        try {
            reconfigureOff(start);
            if (start.restorePowerState() != null || "on".equals(String.valueOf(change.after().get("power")))) {
                progress.accept("powering on, as an earlier interrupted apply promised");
                vms.powerOn(start.moid());
                reconfigure.removePowerOnPromise(start);
            }
        } catch (VsphereException e) {
            throw failed(e.getMessage(), start, e);
        }
    }

    /** Upgrade, then reconfigure; both check themselves that the VM is off. */
    private void reconfigureOff(VsphereVm start) throws InterruptedException {
        if (needsUpgrade(start)) {
            progress.accept("upgrading hardware " + start.hardwareVersion() + " to " + Reconfigure.MIN_NESTING_HARDWARE_KEY);
            reconfigure.upgradeHardwareForNesting(start);
        }
        boolean nesting = needsReconfigure(start);
        SizeChange size = sizeChange(start);
        if (nesting || size != null) {
            List<String> what = new ArrayList<>();
            if (nesting) {
                what.add("nestedHVEnabled = " + wantNested() + ", vhv.enable = " + (wantNested() ? "TRUE" : "FALSE"));
            }
            if (size != null) {
                what.add(describe(size));
            }
            progress.accept("reconfiguring: " + String.join(", ", what));
            reconfigure.apply(start, nesting ? wantNested() : null, size);
        }
    }

    /** The sizes the plan promised, against what the VM has now; null when it already has them (or none planned). */
    private SizeChange sizeChange(VsphereVm vm) {
        Map<String, Object> after = change.after();
        if (!after.containsKey(ObservedVms.VCPUS) || !vm.sizing().known()) {
            return null;
        }
        SizeChange size = new SizeChange(vm.sizing(), Integer.parseInt(String.valueOf(after.get(ObservedVms.VCPUS))),
                Integer.parseInt(String.valueOf(after.get(ObservedVms.CORES_PER_SOCKET))),
                Long.parseLong(String.valueOf(after.get(ObservedVms.MEMORY_MB))), false);
        return size.changes() ? size : null;
    }

    private static String describe(SizeChange size) {
        return "numCPUs = " + size.vcpus() + ", numCoresPerSocket = " + size.coresPerSocket() + ", memoryMB = "
                + size.memoryMB();
    }

    /** Bounded: a guest slow to start Tools does not fail a change that is already done. */
    private void awaitTools(VsphereVm start) throws InterruptedException {
        if (!start.toolsRunning()) {
            return;
        }
        progress.accept("waiting for VMware Tools");
        Duration limit = change.shutdownTimeout();
        long deadline = System.nanoTime() + limit.toNanos();
        Backoff backoff = new Backoff(GuestShutdown.FIRST_POLL, GuestShutdown.MAX_POLL);
        while (!vms.runtime(start.moid()).toolsRunning()) {
            if (System.nanoTime() >= deadline) {
                progress.accept("VMware Tools did not start within " + Durations.format(limit)
                        + "; the change is done, the guest may still be booting");
                return;
            }
            backoff.sleepUntilNextPoll(deadline);
        }
    }

    private boolean wantNested() {
        return Boolean.parseBoolean(String.valueOf(change.after().get("nestedVirtualization")));
    }

    private boolean needsReconfigure(VsphereVm vm) {
        return ObservedVms.nestingExposed(vm) != wantNested();
    }

    private boolean needsUpgrade(VsphereVm vm) {
        return ObservedVms.HARDWARE_OK.equals(change.after().get(ObservedVms.HARDWARE_FOR_NESTING))
                && ObservedVms.HARDWARE_TOO_OLD.equals(ObservedVms.hardwareForNesting(vm));
    }

    @FunctionalInterface
    private interface Step {
        void run() throws InterruptedException;
    }

    private void step(VsphereVm start, String what, Step step) throws ProviderException, InterruptedException {
        progress.accept(what);
        try {
            step.run();
        } catch (VsphereException e) {
            throw failed(what + " failed: " + e.getMessage(), start, e);
        }
    }

    /**
     * Puts the VM back in the power state it started in when it can, then reads what it is now. Recovery steps
     * that fail are not reported on their own: the state read afterwards says what they achieved.
     */
    private ProviderException failed(String message, VsphereVm start, Exception cause) throws InterruptedException {
        try {
            VmOperations.Runtime now = vms.runtime(start.moid());
            boolean owedPowerOn = start.powerState() == VsphereVm.RuntimePowerState.POWERED_ON;
            if (owedPowerOn && now.power() == VsphereVm.RuntimePowerState.POWERED_OFF) {
                progress.accept("powering the VM on again after the failure");
                vms.powerOn(start.moid());
                now = vms.runtime(start.moid());
            }
            if (owedPowerOn && now.power() == VsphereVm.RuntimePowerState.POWERED_ON) {
                reconfigure.removePowerOnPromise(start);
            }
        } catch (VsphereException recoveryFailed) {
            // What recovery left is read and reported below.
        }
        return new ProviderException(message, stateNow(start), cause);
    }

    private String stateNow(VsphereVm start) {
        VsphereVm now;
        try {
            now = reader.readVm(start.moid());
        } catch (VsphereException e) {
            return "unknown, it could not be read back (" + e.getMessage() + "): check it with 'provision plan'";
        }
        if (now == null) {
            return "gone: the VM no longer exists";
        }
        String state = describePower(now) + (now.powerState() != start.powerState()
                ? " (was " + describePower(start).replace("powered ", "") + ")" : "")
                + ", nested virtualization " + (ObservedVms.nestingExposed(now) ? "on" : "off");
        if (now.restorePowerState() != null && now.powerState() == VsphereVm.RuntimePowerState.POWERED_OFF) {
            state += "; run 'provision apply' again to finish and power it on, or power it on in vSphere";
        }
        return state;
    }

    private static String describePower(VsphereVm vm) {
        return switch (vm.powerState()) {
            case POWERED_ON -> "powered on";
            case POWERED_OFF -> "powered off";
            case SUSPENDED -> "suspended";
            case UNKNOWN -> "in an unknown power state";
        };
    }
}
