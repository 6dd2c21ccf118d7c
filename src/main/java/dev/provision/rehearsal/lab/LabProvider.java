package dev.provision.rehearsal.lab;

import dev.provision.event.Event;
import dev.provision.event.EventSink;
import dev.provision.guest.GuestFacts;
import dev.provision.model.Action;
import dev.provision.model.Change;
import dev.provision.provider.ChangeRules;
import dev.provision.provider.Inventory;
import dev.provision.provider.LeaseKeeper;
import dev.provision.provider.LeaseOwner;
import dev.provision.provider.LeaseTerm;
import dev.provision.provider.ObservedVm;
import dev.provision.provider.PowerState;
import dev.provision.provider.Provider;
import dev.provision.provider.ProviderException;
import dev.provision.spec.GuestSpec;
import dev.provision.spec.InvalidInputException;
import dev.provision.spec.LabSettings;
import dev.provision.spec.TargetSpec;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The in-memory provider behind {@code kind: lab}, persisted to a state file. It plays by the rules real
 * hypervisors impose (a VM must be off to change, a powered-off VM cannot be probed), so the whole flow can be
 * rehearsed and tested without a cloud.
 */
public final class LabProvider implements Provider {
    private static final List<String> NEW_VM_FEATURES =
            List.of(GuestFacts.HYPERV, GuestFacts.VIRTUAL_MACHINE_PLATFORM, GuestFacts.WSL);

    private final String target;
    private final LabState state;
    private final Duration stepDelay;
    private final List<String> newVmFeatures;
    private final LabLeases leases;

    private LabProvider(String target, LabState state, Duration stepDelay, List<String> newVmFeatures,
                        LeaseTerm leaseTerm) {
        this.target = target;
        this.state = state;
        this.leases = new LabLeases(state, LeaseOwner.newRun(), Clock.systemUTC(), leaseTerm);
        this.stepDelay = stepDelay;
        this.newVmFeatures = newVmFeatures == null ? NEW_VM_FEATURES : newVmFeatures;
    }

    /** @param specDir the spec's folder, which a relative state file path is anchored at */
    public static LabProvider open(TargetSpec target, Path specDir) throws ProviderException {
        return new LabProvider(target.name(), state(target, specDir), ((LabSettings) target.connection()).stepDelay(),
                ((LabSettings) target.connection()).newVmFeatures(), LeaseTerm.DEFAULT);
    }

    /** @param env where the lease term ({@link LeaseTerm#VARIABLE}) is read, as for the clouds */
    public static LabProvider open(TargetSpec target, Path specDir, Map<String, String> env)
            throws ProviderException, InvalidInputException {
        LabSettings lab = (LabSettings) target.connection();
        return new LabProvider(target.name(), state(target, specDir), lab.stepDelay(), lab.newVmFeatures(),
                LeaseTerm.from(env, target.location()));
    }

    private static LabState state(TargetSpec target, Path specDir) throws ProviderException {
        LabSettings lab = (LabSettings) target.connection();
        Path file = lab.stateFile() == null ? Path.of(".provision", "lab-" + target.name() + ".json")
                : lab.stateFile();
        return LabState.open(specDir.resolve(file), lab.seed());
    }

    @Override
    public Inventory read() throws ProviderException {
        return new Inventory(state.all().stream().map(LabVm::observe).toList(), null, state.leases());
    }

    @Override
    public ChangeRules rules() {
        return new LabRules();
    }

    @Override
    public ObservedVm apply(Change change, EventSink events) throws ProviderException, InterruptedException {
        if (change.action() == Action.CREATE) {
            return create(change, events);
        }
        try (LeaseKeeper lease = leases.take(change.vm(), progress(change, events))) {
            return update(change, events);
        }
    }

    private ObservedVm update(Change change, EventSink events) throws ProviderException, InterruptedException {
        LabVm vm = state.get(change.vm()).orElseThrow(() -> new ProviderException(
                "VM '" + change.vm() + "' no longer exists in the lab"));
        if (vm.failApply()) {
            throw new ProviderException("lab VM '" + vm.name() + "' is set to fail every change (failApply)",
                    "powered " + vm.power().key() + ", unchanged", null);
        }
        // What the change wants is read before anything is touched: a saved plan can be edited by hand.
        int vcpus = integer(change, "vcpus");
        int memoryGiB = integer(change, "memoryGiB");
        // A VM an interrupted apply left off is owed the power state its marker names, not the one it has now.
        PowerState original = vm.restorePower() != null ? vm.restorePower() : vm.power();
        if (vm.power().isRunning()) {
            events.emit(new Event.ChangeProgress(change, "shutting down guest (" + change.powerCycle().key() + ")"));
            vm = vm.poweredOffOwing(original); // the marker is written with the power-off, as vSphere writes it first
            state.put(vm);
            step();
        }
        events.emit(new Event.ChangeProgress(change, "reconfiguring"));
        step();
        vm = vm.withHardware(bool(change, "nestedVirtualization"), vcpus, memoryGiB);
        state.put(vm);
        if (original.isRunning()) {
            events.emit(new Event.ChangeProgress(change, "powering on"));
            step();
        }
        vm = vm.restored(original);
        state.put(vm);
        return vm.observe();
    }

    private ObservedVm create(Change change, EventSink events) throws ProviderException {
        events.emit(new Event.ChangeProgress(change, "creating VM"));
        LabVm vm = new LabVm(change.vm(), PowerState.ON, bool(change, "nestedVirtualization"),
                integer(change, "vcpus"), integer(change, "memoryGiB"), "Enterprise", newVmFeatures, false, false);
        state.put(vm);
        return vm.observe();
    }

    /** The time a step takes in this lab (its {@code stepDelay}), so that a rehearsal can interrupt one. */
    private void step() throws InterruptedException {
        if (!stepDelay.isZero()) {
            Thread.sleep(stepDelay.toMillis());
        }
    }

    @Override
    public void enableFeatures(Change change, EventSink events) throws ProviderException {
        try (LeaseKeeper lease = leases.take(change.vm(), progress(change, events))) {
            enable(change, events);
        }
    }

    private void enable(Change change, EventSink events) throws ProviderException {
        LabVm vm = state.get(change.vm()).orElseThrow(() -> new ProviderException(
                "VM '" + change.vm() + "' no longer exists in the lab"));
        if (!vm.power().isRunning()) {
            throw new ProviderException("VM '" + vm.name() + "' is " + vm.power().key()
                    + ": features can only be enabled in a running guest", "powered " + vm.power().key(), null);
        }
        if (vm.failApply()) {
            throw new ProviderException("lab VM '" + vm.name() + "' is set to fail every change (failApply)",
                    "powered on, guest unchanged", null);
        }
        Set<String> features = new TreeSet<>(vm.features());
        features.addAll(change.enableFeatures());
        // Windows marks the features enabled at once but needs a restart to finish: so does the lab.
        state.put(vm.withFeatures(List.copyOf(features), true));
        events.emit(new Event.ChangeProgress(change, "restarting guest"));
        state.put(vm.withFeatures(List.copyOf(features), false));
    }

    @Override
    public GuestFacts probe(ObservedVm observed, GuestSpec guest) throws ProviderException {
        LabVm vm = state.get(observed.name()).orElseThrow(() -> new ProviderException(
                "VM '" + observed.name() + "' does not exist in the lab"));
        if (!vm.power().isRunning()) {
            throw new ProviderException("VM '" + vm.name() + "' is " + vm.power().key()
                    + ": the guest cannot be probed until it runs");
        }
        return LabGuest.probe(vm, guest);
    }

    @Override
    public void close() {
        // Nothing to release: every change is already on disk.
    }

    @Override
    public String toString() {
        return "lab target " + target;
    }

    private static Consumer<String> progress(Change change, EventSink events) {
        return step -> events.emit(new Event.ChangeProgress(change, step));
    }

    private static boolean bool(Change change, String key) {
        return Boolean.parseBoolean(String.valueOf(change.after().get(key)));
    }

    /** A whole number the change wants; a plan that lacks it was edited or cut, and the VM is left as it is. */
    private static int integer(Change change, String key) throws ProviderException {
        Object value = change.after().get(key);
        try {
            return Integer.parseInt(String.valueOf(value));
        } catch (NumberFormatException e) {
            throw new ProviderException("the plan's change for VM '" + change.vm() + "' has no whole number for '"
                    + key + "' (" + value + "): was the plan file edited? Make the plan again", "unchanged", null);
        }
    }
}
