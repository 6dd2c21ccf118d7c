package dev.provision.azure;

import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.models.InstanceViewTypes;
import dev.provision.azure.sizing.NestedVirtualizationCatalog;
import dev.provision.azure.sizing.VmSku;
import dev.provision.event.Event;
import dev.provision.event.EventSink;
import dev.provision.guest.GuestFacts;
import dev.provision.guest.VmContext;
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
import dev.provision.provider.SizeAdvisor;
import dev.provision.spec.AzureSettings;
import dev.provision.spec.GuestSpec;
import dev.provision.spec.Keyed;
import dev.provision.spec.InvalidInputException;
import dev.provision.spec.TargetSpec;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The provider behind {@code kind: azure}: one resource group in one region of one subscription, read in a
 * constant number of ARM calls, planned by {@link AzureRules}, changed by {@link VmChanges}, probed through
 * {@link RunCommands}. With {@code cloud: emulator} the same code talks to an embedded ARM emulator (a local
 * rehearsal, opened by the rehearsal wing through {@link #openAt}).
 */
public final class AzureProvider implements Provider {
    private final TargetSpec target;
    private final AzureSettings connection;
    private final AzureClients azure;
    private final AzureReader reader;
    private final VmChanges changes;
    private final RunCommands runCommands;
    private final RunCommandProbe guestProbe;
    private final GuestAccess access;
    private final FeatureRemediation remediation;
    private final NestedVirtualizationCatalog catalog = NestedVirtualizationCatalog.documented();
    private final LeaseOwner run;
    private final AzureLeases leases;
    private final CreateMarker createMarker;
    private final Runnable afterChange;
    private final Runnable onClose;

    private AzureProvider(TargetSpec target, AzureClients azure, SkuCache cache, String cloudKey,
                          Map<String, String> env, LeaseTerm leaseTerm, Runnable afterChange, Runnable onClose) {
        this.target = target;
        this.connection = (AzureSettings) target.connection();
        this.azure = azure;
        this.reader = new AzureReader(azure, connection, cache, cloudKey, catalog);
        this.changes = new VmChanges(azure, connection, env);
        this.runCommands = new RunCommands(azure, connection.resourceGroup(), connection.location());
        this.access = new GuestAccess(azure, connection.resourceGroup(), FeatureRemediation.RESTART_LIMIT);
        this.guestProbe = new RunCommandProbe(runCommands, this.access, env);
        this.remediation = new FeatureRemediation(azure, connection.resourceGroup(), runCommands, this.access,
                FeatureRemediation.RESTART_LIMIT);
        this.run = LeaseOwner.newRun();
        this.leases = new AzureLeases(azure, connection.resourceGroup(), run, Clock.systemUTC(), leaseTerm);
        this.createMarker = new CreateMarker(azure, connection.resourceGroup());
        this.afterChange = afterChange;
        this.onClose = onClose;
    }

    /**
     * Connects to the target's cloud. Nothing is sent yet: the credential is asked for a token on the first call.
     * A rehearsal ({@code cloud: emulator}) is not a cloud: it is opened by the rehearsal wing with
     * {@link #openAt}, and refused here rather than sent to public Azure.
     *
     * @param env where {@code ${env:...}} secrets are read from
     */
    public static AzureProvider open(TargetSpec target, Map<String, String> env)
            throws InvalidInputException, ProviderException {
        AzureSettings azure = (AzureSettings) target.connection();
        if (azure.isRehearsal()) {
            throw new ProviderException("cloud: " + azure.cloud() + " is a local rehearsal, opened by the rehearsal "
                    + "wing, not a cloud to connect to");
        }
        return new AzureProvider(target, AzureConnector.connect(azure, env), skuCache(env),
                AzureConnector.cloudKey(azure), env, LeaseTerm.from(env, target.location()), () -> { }, () -> { });
    }

    /**
     * Opens the provider at an explicit Resource Manager (the rehearsal's embedded emulator): the same reads, rules,
     * writes and probes as for a cloud, with the endpoint's own trust, token, poll interval and hooks.
     *
     * @param env where {@code ${env:...}} secrets are read from (the template's admin password)
     */
    public static AzureProvider openAt(TargetSpec target, AzureEndpoint at, Map<String, String> env)
            throws InvalidInputException {
        AzureSettings azure = (AzureSettings) target.connection();
        AzureClients clients = AzureClients.builder().endpoint(at.resourceManager())
                .subscriptionId(azure.subscription()).bearerToken(at.bearerToken()).trust(at.trust())
                .pollInterval(at.pollInterval()).policy(WritePacing.forSubscription(azure.subscription())).build();
        return new AzureProvider(target, clients, skuCache(env), at.cloudKey(), env,
                LeaseTerm.from(env, target.location()), at.afterChange(), at.onClose());
    }

    private static SkuCache skuCache(Map<String, String> env) {
        return new SkuCache(SkuCache.defaultDir(env), SkuCache.DEFAULT_TTL, Clock.systemUTC());
    }

    /** Nesting as read, and Trusted Launch named as what blocks it all the same. */
    @Override
    public VmContext context(ObservedVm vm) {
        return new VmContext(vm.nestedVirtualization(), TrustedLaunch.blockerOf(vm));
    }

    /** The region's VM sizes judged for this target, for {@code provision sizes}. */
    @Override
    public Optional<SizeAdvisor> sizeAdvisor() {
        return Optional.of(new AzureSizeAdvisor(connection, target.desired().resolve(), reader, catalog));
    }

    /**
     * A provider whose SDK polls long-running operations every {@code pollInterval} when ARM sends no Retry-After:
     * for benchmarks that scale Azure's latencies down to milliseconds (see ArmEmulator.Builder#pollPacedByClient).
     */
    static AzureProvider polling(TargetSpec target, Map<String, String> env, java.time.Duration pollInterval)
            throws InvalidInputException {
        AzureSettings azure = (AzureSettings) target.connection();
        SkuCache cache = new SkuCache(SkuCache.defaultDir(env), SkuCache.DEFAULT_TTL, Clock.systemUTC());
        return new AzureProvider(target, AzureConnector.connect(azure, env,
                AzureClients.builder().pollInterval(pollInterval)), cache, AzureConnector.cloudKey(azure), env,
                LeaseTerm.from(env, target.location()), () -> { }, () -> { });
    }

    @Override
    public Inventory read() throws ProviderException {
        return reader.read(target);
    }

    @Override
    public ChangeRules rules() {
        return new AzureRules(catalog);
    }

    @Override
    public ObservedVm apply(Change change, EventSink events) throws ProviderException {
        try {
            if (change.action() == Action.CREATE) {
                create(change, events);
            } else if (change.action() == Action.UPDATE) {
                try (LeaseKeeper lease = leases.take(change.vm(), progress(change, events))) {
                    boolean boots = bootsGuest(change);
                    Instant freshAfter = boots ? access.freshAfter(change.vm()) : null;
                    changes.resize(change, events);
                    if (boots) {
                        // A running VM is restarted by a resize (in place or deallocate/start), and a VM an
                        // interrupted apply left deallocated is started; until its agent reports again, the instance
                        // view shows the Ready from before (or none), so a guest probe must wait.
                        access.booted(change.vm(), freshAfter);
                    }
                }
            } else {
                throw new ProviderException("the Azure provider does not " + change.action().key() + " VMs",
                        "unchanged", null);
            }
        } finally {
            afterChange.run();
        }
        return readBack(change.vm());
    }

    /**
     * A create, or the finish of one cut short ({@link CreateMarker}; the plan's "before" is then the VM it left):
     * NIC and VM PUT with the marker, the VM started if it is not running after them (a PUT on a VM that a failed
     * create left deallocated does not start it), the first boot awaited ({@link GuestAccess#firstBootAfter}; after a
     * start, an agent Ready newer than the start), then the marker removed. So the apply of a create returns once the
     * guest can be reached.
     */
    private void create(Change change, EventSink events) throws ProviderException {
        String vm = change.vm();
        Instant since = access.firstBootAfter(vm);
        changes.create(change, events, run.text());
        PowerState now = changes.powerAfterCreate(vm);
        if (!now.isRunning()) {
            since = access.freshAfter(vm);
            changes.startCreated(change, events, now);
        }
        events.emit(new Event.ChangeProgress(change, "waiting for the first boot (the VM agent to report Ready)"));
        boolean booted;
        try {
            booted = access.awaitReady(vm, FeatureRemediation.RESTART_LIMIT, since);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            booted = false;
        }
        if (!booted) {
            throw new ProviderException("created " + vm + ", but its VM agent has not reported Ready (waited at most "
                    + FeatureRemediation.RESTART_LIMIT.toMinutes() + " minutes): its first boot is not confirmed",
                    "created; the next plan shows the create as interrupted and the next apply waits for the boot "
                            + "again", null);
        }
        createMarker.remove(vm, VmChanges.createdTags());
    }

    private static Consumer<String> progress(Change change, EventSink events) {
        return step -> events.emit(new Event.ChangeProgress(change, step));
    }

    /** The change ends with the VM running, and restarts it on the way (a resize) or starts it (a finish). */
    private static boolean bootsGuest(Change change) {
        boolean wasRunning = isRunning(change.before().get(VmProperties.POWER));
        boolean resizes = !String.valueOf(change.before().get(VmProperties.SIZE))
                .equalsIgnoreCase(String.valueOf(change.after().get(VmProperties.SIZE)));
        return isRunning(change.after().get(VmProperties.POWER)) && (resizes || !wasRunning);
    }

    private static boolean isRunning(Object power) {
        return power != null && Keyed.lookup(PowerState.class, String.valueOf(power)).map(PowerState::isRunning)
                .orElse(false);
    }

    private ObservedVm readBack(String vm) throws ProviderException {
        try {
            var read = azure.compute().getVirtualMachines().getByResourceGroupWithResponse(
                    connection.resourceGroup(), vm, InstanceViewTypes.INSTANCE_VIEW, Context.NONE).getValue();
            List<VmSku> skus = reader.skus(false);
            return VmReadings.observe(read, size -> skus.stream().filter(s -> s.name().equalsIgnoreCase(size))
                    .findFirst(), catalog);
        } catch (RuntimeException e) {
            throw new ProviderException("reading " + vm + " back after the change failed: "
                    + AzureErrors.describe(e), "unknown: the change went through; run 'provision plan' to see it", e);
        }
    }

    /** The read-only probe over Run Command ({@link RunCommandProbe}); the VM's state is read again first. */
    @Override
    public GuestFacts probe(ObservedVm vm, GuestSpec guest) throws ProviderException, InterruptedException {
        if (!vm.power().isRunning()) {
            throw new ProviderException("VM " + vm.name() + " is " + describe(vm.power())
                    + ": the guest cannot be probed (Run Command needs a running VM with its agent ready)");
        }
        return guestProbe.probe(vm.name(), guest);
    }

    /** Enables the change's features by Run Command, restarts the VM and waits for it ({@link FeatureRemediation}). */
    @Override
    public void enableFeatures(Change change, EventSink events) throws ProviderException, InterruptedException {
        try (LeaseKeeper lease = leases.take(change.vm(), progress(change, events))) {
            remediation.enable(change, events);
        } finally {
            afterChange.run();
        }
    }

    private static String describe(PowerState power) {
        return power == PowerState.OFF ? "stopped" : power.key();
    }

    @Override
    public void close() {
        onClose.run();
    }

    @Override
    public String toString() {
        return "azure target " + target.name() + " (" + connection.resourceGroup() + " in "
                + connection.location().toLowerCase(Locale.ROOT) + ")";
    }
}
