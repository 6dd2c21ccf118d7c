package dev.provision.vsphere;

import dev.provision.event.Event;
import dev.provision.event.EventSink;
import dev.provision.guest.GuestFacts;
import dev.provision.model.Change;
import dev.provision.provider.ChangeRules;
import dev.provision.model.DesiredVm;
import dev.provision.plan.SelectorResolver;
import dev.provision.provider.Inventory;
import dev.provision.provider.Lease;
import dev.provision.provider.LeaseKeeper;
import dev.provision.provider.LeaseOwner;
import dev.provision.provider.LeaseTerm;
import dev.provision.provider.ObservedVm;
import dev.provision.provider.Provider;
import dev.provision.provider.ProviderException;
import dev.provision.spec.Diagnostic;
import dev.provision.spec.GuestSpec;
import dev.provision.spec.InvalidInputException;
import dev.provision.spec.SecretRef;
import dev.provision.spec.TargetSpec;
import dev.provision.spec.VsphereSettings;
import dev.provision.spec.VsphereTemplate;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code kind: vsphere}: exposes hardware-assisted virtualization on existing VMs of a vCenter or ESXi host, and
 * checks (and on request fixes) the Windows guests through VMware guest operations.
 * One logged-in session per target, shared by every worker of an apply and renewed when it expires; the whole
 * inventory in a constant number of round trips; every change bounded per vCenter and per host
 * ({@link ApplySlots}). A VM named in the spec but missing is cloned from the target's template ({@link VmCreate}).
 */
public final class VsphereProvider implements Provider {
    private final TargetSpec spec;
    private final String target;
    private final VsphereSettings settings;
    private final Map<String, String> environment;
    private final VsphereConnection connection;
    private final InventoryReader reader;
    private final VmOperations vms;
    private final GuestOperations guest;
    private final ApplySlots slots;
    private final VsphereLeases leases;
    /** Name to managed object id, from the last read, for names that are unique. */
    private volatile Map<String, String> moids = Map.of();
    private volatile Inventory lastRead;

    VsphereProvider(TargetSpec spec, Map<String, String> environment,
                    VsphereConnection connection, ApplySlots slots, LeaseTerm leaseTerm) {
        VsphereSettings settings = (VsphereSettings) spec.connection();
        this.spec = spec;
        this.target = spec.name();
        this.settings = settings;
        this.environment = environment;
        this.connection = connection;
        this.reader = new InventoryReader(connection);
        this.vms = new VmOperations(connection);
        this.guest = new GuestOperations(connection, settings.insecure(), GuestOperations.DEFAULT_UNAVAILABLE_WINDOW);
        this.slots = slots;
        this.leases = new VsphereLeases(connection, vms, LeaseOwner.newRun(), Clock.systemUTC(), leaseTerm);
    }

    /**
     * Resolves the password now (never earlier, never logged) and logs in.
     *
     * @param environment where {@code ${env:...}} references are looked up
     */
    public static VsphereProvider open(TargetSpec target, Map<String, String> environment)
            throws InvalidInputException, ProviderException {
        VsphereSettings spec = (VsphereSettings) target.connection();
        VsphereEndpoint endpoint;
        LeaseTerm leaseTerm = LeaseTerm.from(environment, target.location());
        try {
            endpoint = new VsphereEndpoint(URI.create(spec.url()), spec.username(),
                    spec.password().resolve(environment), trust(spec), VsphereEndpoint.DEFAULT_TIMEOUT);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(target.location(), "target '" + target.name() + "': " + e.getMessage());
        }
        try {
            return new VsphereProvider(target, environment, VsphereConnection.open(endpoint),
                    new ApplySlots(ApplySlots.DEFAULT_PER_VCENTER, ApplySlots.DEFAULT_PER_HOST), leaseTerm);
        } catch (VsphereException e) {
            throw new ProviderException("target '" + target.name() + "': " + e.getMessage(), null, e);
        }
    }

    private static VsphereTrust trust(VsphereSettings spec) {
        if (spec.insecure()) {
            return VsphereTrust.insecureAcceptAnyCertificate();
        }
        if (spec.thumbprint() != null) {
            return VsphereTrust.pinnedSha256(spec.thumbprint());
        }
        return spec.caFile() != null ? VsphereTrust.caFile(spec.caFile()) : VsphereTrust.jdkDefault();
    }

    @Override
    public Inventory read() throws ProviderException {
        VmInventory read;
        try {
            read = reader.readVms(ChangeCandidates.of(spec));
        } catch (VsphereException e) {
            throw new ProviderException("target '" + target + "': " + e.getMessage());
        }
        List<VsphereVm> all = read.vms();
        TargetScope scope = TargetScope.of(settings, read.placements(), spec.location());
        Map<String, List<String>> pathsByName = new LinkedHashMap<>();
        Set<String> toolsNotRunning = new HashSet<>();
        List<ObservedVm> observed = new ArrayList<>();
        Map<String, String> ids = new HashMap<>();
        Map<String, Lease> leased = new HashMap<>();
        for (VsphereVm vm : all) {
            if (!scope.contains(vm, read.placements())) {
                continue;
            }
            // Two VMs of one name often share the folder too, and so the path: the managed object id tells them apart.
            pathsByName.computeIfAbsent(vm.name(), n -> new ArrayList<>()).add(vm.moid() + " at " + vm.path());
            if (ids.putIfAbsent(vm.name(), vm.moid()) != null) {
                continue; // the rules refuse names that are not unique; the first VM stands in the inventory
            }
            observed.add(ObservedVms.of(vm));
            Lease lease = Lease.parse(vm.lease());
            if (lease != null) {
                leased.put(vm.name(), lease);
            }
            if (vm.detailsRead() && vm.powerState() == VsphereVm.RuntimePowerState.POWERED_ON && !vm.toolsRunning()) {
                toolsNotRunning.add(vm.name());
            }
        }
        pathsByName.values().removeIf(paths -> paths.size() < 2);
        pathsByName.keySet().forEach(ids::remove);
        moids = Map.copyOf(ids);
        Inventory inventory = new Inventory(observed, new VsphereFacts(pathsByName, toolsNotRunning,
                read.placements(), scope, templateNics(read.placements(), ids.keySet())), leased);
        lastRead = inventory;
        return inventory;
    }

    /**
     * The network adapters of the template, read (one more call) only when its clones go on another network and
     * the spec names a VM that is missing: whether there is an adapter to connect is a plan-time question.
     */
    private Map<String, Integer> templateNics(Placements placements, Set<String> present) {
        VsphereTemplate template = settings.template();
        if (template == null || template.network() == null
                || spec.vms().stream().noneMatch(v -> !v.isPattern() && !present.contains(v.name()))) {
            return Map.of();
        }
        List<Placements.Item> source = placements.templatesNamed(template.source(), settings.datacenter());
        if (source.size() != 1) {
            return Map.of(); // the plan reports the name at its line
        }
        String moid = source.get(0).moid();
        return Map.of(moid, CloneNetwork.adapters(connection, moid).size());
    }

    @Override
    public ChangeRules rules() {
        return new VsphereRules();
    }

    @Override
    public ObservedVm apply(Change change, EventSink events) throws ProviderException, InterruptedException {
        if (change.action() == dev.provision.model.Action.CREATE) {
            return slots.change(() -> create(change, events));
        }
        return slots.change(() -> {
            VsphereVm start = locate(change.vm());
            Consumer<String> progress = step -> events.emit(new Event.ChangeProgress(change, step));
            try (LeaseKeeper lease = leases.take(start, progress)) {
                new VmChange(change, progress, vms, reader, slots).run(start);
                VsphereVm after = reader.readVm(start.moid());
                if (after == null) {
                    throw new ProviderException("the VM disappeared during the change", "gone", null);
                }
                return ObservedVms.of(after);
            } catch (VsphereException e) {
                throw new ProviderException(e.getMessage(), "unknown: read it with 'provision plan'", e);
            }
        });
    }

    /**
     * Clones the VM, or finishes the clone an earlier apply left (it carries {@link CreateMarker}). The inventory
     * is read first, so a VM that appeared since the plan is never cloned a second time.
     */
    private ObservedVm create(Change change, EventSink events) throws ProviderException, InterruptedException {
        java.util.function.Consumer<String> progress = step -> events.emit(new Event.ChangeProgress(change, step));
        VmCreate create = new VmCreate(connection, vms, progress);
        DesiredVm desired = desiredOf(change.vm());
        boolean nested = desired.desired().nestedVirtualization();
        VmCreate.CloneSetup setup = null;
        try {
            Inventory now = read();
            java.util.Optional<ObservedVm> existing = now.vm(change.vm());
            boolean fresh = existing.isEmpty();
            if (fresh) {
                ClonePlacement where = placement(now);
                setup = cloneSetup(create, change.vm(), where);
                create.cloneOff(change.vm(), where, nested, desired.desired().size(), setup);
                read();
            } else if (existing.get().property(ObservedVms.CREATE_MARKER) == null) {
                throw new ProviderException("VM '" + change.vm() + "' exists now but did not when the plan was made, "
                        + "and provision did not make it: plan again", "someone else's VM, untouched", null);
            } else {
                progress.accept("finishing the create an earlier apply began");
            }
            VsphereVm vm = locate(change.vm());
            boolean customizing = false;
            if (vm.powerState() == VsphereVm.RuntimePowerState.POWERED_OFF) {
                // vcsim drops the clone spec's nesting flag and sizes (simulator/virtual_machine.go, CloneVMTask);
                // vCenter keeps them. Whatever the clone lacks is set now, while it is still off: one power-on.
                boolean nestingMissing = ObservedVms.nestingExposed(vm) != nested;
                SizeChange size = SizeChange.wanted(vm.sizing(), desired.desired().size());
                boolean sizeMissing = size != null && size.changes();
                if (nestingMissing || sizeMissing) {
                    new Reconfigure(vms).apply(vm, nestingMissing ? nested : null, sizeMissing ? size : null);
                }
                if (fresh) {
                    create.customizeIfNotPending(vm.moid(), setup.customization());
                }
                customizing = create.customizationPending(vm.moid());
                progress.accept("powering on");
                vms.powerOn(vm.moid());
            }
            create.awaitReady(vm.moid(), vm.name(), customizing, change.shutdownTimeout()
                    .plus(java.time.Duration.ofMinutes(10)));
            create.removeMarker(vm.moid());
            VsphereVm after = reader.readVm(vm.moid());
            if (after == null) {
                throw new ProviderException("the VM disappeared during the create", "gone", null);
            }
            return ObservedVms.of(after);
        } catch (VsphereException e) {
            throw new ProviderException(e.getMessage(), "unknown: if a clone was made it carries "
                    + CreateMarker.KEY + ", and 'provision apply' finishes it", e);
        }
    }

    /** The clone's network edit and customization; a sysprep secret that cannot be read fails the VM, uncloned. */
    private VmCreate.CloneSetup cloneSetup(VmCreate create, String name, ClonePlacement where)
            throws ProviderException {
        try {
            return create.setup(name, where, settings.template().sysprep(), environment);
        } catch (InvalidInputException e) {
            throw new ProviderException("cannot create " + name + ": " + e.getMessage(), "not created", e);
        }
    }

    private ClonePlacement placement(Inventory now) throws ProviderException {
        VsphereFacts facts = (VsphereFacts) now.targetFacts();
        List<Diagnostic> problems = new ArrayList<>();
        ClonePlacement where = settings.template() == null ? null : ClonePlacement.resolve(settings.template(),
                facts.placements(), settings.datacenter(), facts.scope().folderPath() != null
                        ? facts.scope().folderPath() : settings.folder(), problems);
        if (where == null) {
            throw new ProviderException("the template block no longer fits the inventory: " + (problems.isEmpty()
                    ? "there is no template block" : problems.get(0).message()) + "; plan again", "not created", null);
        }
        return where;
    }

    /** The VM as it is now, found by the id the last read gave its name. */
    private VsphereVm locate(String name) throws ProviderException {
        try {
            if (!moids.containsKey(name)) {
                read();
            }
            String moid = moids.get(name);
            VsphereVm vm = moid == null ? null : reader.readVm(moid);
            if (vm == null || !vm.name().equals(name)) {
                throw new ProviderException("VM '" + name + "' is not (or no longer uniquely) in the inventory of "
                        + "target '" + target + "': plan again");
            }
            return vm;
        } catch (VsphereException e) {
            throw new ProviderException("reading VM '" + name + "': " + e.getMessage());
        }
    }

    /**
     * Runs the read-only probe in the guest as guest.user (see {@link GuestOperationsProbe}). A VM that is off, whose
     * VMware Tools is not running, or whose guest refuses the login gets a clear error, never facts.
     */
    @Override
    public GuestFacts probe(ObservedVm vm, GuestSpec wanted) throws ProviderException, InterruptedException {
        if (!vm.power().isRunning()) {
            throw new ProviderException("VM '" + vm.name() + "' is " + vm.power().key()
                    + ": the guest cannot be probed until it runs");
        }
        GuestLogin login = login(vm.name(), wanted);
        // A probe is a string of guest-operation calls on the same vCenter as the changes: it takes one of their
        // slots, so a fleet's probes in parallel never load a vCenter more than its changes may.
        return slots.change(() -> {
            try {
                requireTools(vm.id(), vm.name(), "probed");
                return new GuestOperationsProbe(guest).probe(new GuestOperations.GuestVm(vm.id(), vm.name()), login, wanted);
            } catch (VsphereException e) {
                throw new ProviderException(e.getMessage(), null, e);
            }
        });
    }

    /**
     * Enables the change's features in the guest as guest.user, restarts the guest through VMware Tools and waits
     * until it is back. The guest credentials come from the spec's entry for this VM, read again now, so a saved
     * plan never has to carry them.
     */
    @Override
    public void enableFeatures(Change change, EventSink events) throws ProviderException, InterruptedException {
        VsphereVm vm = locate(change.vm());
        if (vm.powerState() != VsphereVm.RuntimePowerState.POWERED_ON) {
            throw new ProviderException("VM '" + vm.name() + "' is not powered on: features can only be enabled in "
                    + "a running guest", "powered off, guest unchanged", null);
        }
        GuestLogin login = login(vm.name(), guestSpecOf(vm.name()));
        Consumer<String> progress = step -> events.emit(new Event.ChangeProgress(change, step));
        try (LeaseKeeper lease = leases.take(vm, progress)) {
            new FeatureEnabler(guest, vms).enable(new GuestOperations.GuestVm(vm.moid(), vm.name()), login,
                    change.enableFeatures(), change.shutdownTimeout(), progress);
        } catch (VsphereException e) {
            throw new ProviderException(e.getMessage(), guestState(vm.moid()), e);
        }
    }

    private void requireTools(String moid, String name, String what) {
        if (!vms.runtime(moid).toolsRunning()) {
            throw new VsphereException.GuestUnavailable("VM '" + name + "': VMware Tools is not running in the "
                    + "guest, so it cannot be " + what + " (guest operations go through VMware Tools): start VMware "
                    + "Tools, or wait until the guest has booted, and try again", null);
        }
    }

    /** What the VM is now, for a failed remediation's report; the features may wait for a restart. */
    private String guestState(String moid) {
        try {
            VmOperations.Runtime now = vms.runtime(moid);
            return (now.power() == VsphereVm.RuntimePowerState.POWERED_ON ? "powered on" : "not running")
                    + ", VMware Tools " + (now.toolsRunning() ? "running" : "not running")
                    + "; the guest's features may wait for a restart: check with 'provision verify'";
        } catch (VsphereException e) {
            return "unknown, it could not be read back: check it with 'provision verify'";
        }
    }

    /** The guest block the spec gives this VM (its entry over the target's and the spec's layers). */
    private GuestSpec guestSpecOf(String name) throws ProviderException {
        return desiredOf(name).desired().guest();
    }

    /** What the spec wants of this VM (its entry over the target's and the spec's layers). */
    private DesiredVm desiredOf(String name) throws ProviderException {
        Inventory inventory = lastRead != null ? lastRead : read();
        List<Diagnostic> problems = new ArrayList<>();
        for (DesiredVm vm : SelectorResolver.resolve(spec, inventory, problems)) {
            if (vm.name().equals(name)) {
                return vm;
            }
        }
        throw new ProviderException("VM '" + name + "' has no entry in target '" + target + "' of the spec");
    }

    /** guest.user and its password, read from the secret reference now; the password is never printed. */
    private GuestLogin login(String vmName, GuestSpec wanted) throws ProviderException {
        if (wanted == null || wanted.user() == null || wanted.password() == null) {
            throw new ProviderException("VM '" + vmName + "': guest checks over VMware guest operations need "
                    + "guest.user and guest.password (by reference) of a local administrator of the guest");
        }
        SecretRef password = wanted.password();
        try {
            return new GuestLogin(wanted.user(), password.resolve(environment));
        } catch (InvalidInputException e) {
            throw new ProviderException("VM '" + vmName + "': guest.password " + password.reference()
                    + " cannot be read: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        connection.close();
    }

    /** The shared session (for tests: round trips, renewals). */
    VsphereConnection connection() {
        return connection;
    }

    ApplySlots slots() {
        return slots;
    }

    @Override
    public String toString() {
        return "vsphere target " + target;
    }
}
