package dev.provision.vsphere;

import com.vmware.vim25.CustomizationSpec;
import com.vmware.vim25.Event;
import com.vmware.vim25.EventFilterSpec;
import com.vmware.vim25.EventFilterSpecByEntity;
import com.vmware.vim25.EventFilterSpecRecursionOption;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.OptionValue;
import com.vmware.vim25.VirtualDeviceConfigSpec;
import com.vmware.vim25.VirtualEthernetCard;
import com.vmware.vim25.VirtualMachineCloneSpec;
import com.vmware.vim25.VirtualMachineConfigSpec;
import com.vmware.vim25.VirtualMachineRelocateSpec;
import dev.provision.plan.Durations;
import dev.provision.spec.InvalidInputException;
import dev.provision.spec.SizeRequirement;
import dev.provision.spec.VsphereSysprep;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Makes one VM by cloning the target's template, and finishes a clone an earlier apply left behind. The clone's
 * config spec carries everything a first boot needs (nestedHVEnabled, vhv.enable, the desired minimum size and the
 * {@link CreateMarker}) and its first adapter's network, so the VM is never powered on in the wrong shape and never
 * needs a second power cycle.
 */
final class VmCreate {
    /** Customization event types of vCenter (vim.event.CustomizationEvent and subtypes). */
    private static final String[] CUSTOMIZATION_EVENTS = {"CustomizationStartedEvent", "CustomizationSucceeded",
        "CustomizationFailed", "CustomizationSysprepFailed", "CustomizationUnknownFailure",
        "CustomizationNetworkSetupFailed"};

    private final VsphereConnection connection;
    private final VmOperations vms;
    private final Consumer<String> progress;

    VmCreate(VsphereConnection connection, VmOperations vms, Consumer<String> progress) {
        this.connection = connection;
        this.vms = vms;
        this.progress = progress;
    }

    /**
     * What a clone gets beyond its template: its first network adapter moved to the template block's network
     * (null: it keeps the template's), and a customization (null: none). Holds a sysprep customization's secrets,
     * read from their references now: it is passed to vCenter and to nothing else.
     */
    record CloneSetup(VirtualDeviceConfigSpec adapterEdit, CustomizationSpec customization) {}

    /**
     * Reads what the clone's spec needs: the template's adapters (one call, only when a network or sysprep
     * fields are given; vCenter wants one adapter mapping per adapter), the network's backing, and a stored
     * customization specification.
     *
     * @throws InvalidInputException at a sysprep secret's reference in the spec, when it cannot be read
     */
    CloneSetup setup(String name, ClonePlacement where, VsphereSysprep sysprep, Map<String, String> environment)
            throws InvalidInputException {
        List<VirtualEthernetCard> adapters = where.networkName() != null || sysprep != null
                ? CloneNetwork.adapters(connection, where.sourceMoid()) : List.of();
        VirtualDeviceConfigSpec edit = null;
        if (where.networkName() != null) {
            if (adapters.isEmpty()) {
                throw new VsphereException.Refused("template '" + where.sourceName() + "' has no network adapter "
                        + "(any more) to connect to network '" + where.networkName() + "': plan again");
            }
            edit = CloneNetwork.connect(connection, adapters.get(0), where.networkName(), where.networkPath());
        }
        CustomizationSpec customization = null;
        if (where.customizationSpec() != null) {
            customization = customizationSpec(where.customizationSpec());
        } else if (sysprep != null) {
            customization = SysprepCustomization.build(sysprep, name, environment, adapters.size());
        }
        return new CloneSetup(edit, customization);
    }

    /** CloneVM_Task, powered off; returns when vCenter has made the clone (found afterwards by its name). */
    void cloneOff(String name, ClonePlacement where, boolean nested, SizeRequirement size, CloneSetup setup)
            throws InterruptedException {
        VirtualMachineCloneSpec spec = new VirtualMachineCloneSpec();
        VirtualMachineRelocateSpec location = new VirtualMachineRelocateSpec();
        location.setPool(VsphereConnection.mor("ResourcePool", where.poolMoid()));
        location.setDatastore(VsphereConnection.mor("Datastore", where.datastoreMoid()));
        spec.setLocation(location);
        spec.setPowerOn(false); // powered on only after the checks below: a first boot in the wrong shape is a cycle
        spec.setTemplate(false);
        VirtualMachineConfigSpec config = config(nested, size);
        if (setup.adapterEdit() != null) {
            config.setDeviceChange(new VirtualDeviceConfigSpec[] {setup.adapterEdit()});
        }
        spec.setConfig(config);
        if (setup.customization() != null) {
            spec.setCustomization(setup.customization());
        }
        progress.accept(where.describe());
        ManagedObjectReference task = connection.withSession("cloning " + where.sourceName() + " as " + name,
                (vim, content) -> vim.cloneVM_Task(VsphereConnection.mor("VirtualMachine", where.sourceMoid()),
                        VsphereConnection.mor("Folder", where.folderMoid()), name, spec));
        new TaskWaiter(connection).await(task, "cloning " + where.sourceName() + " as " + name,
                VmOperations.TASK_TIMEOUT);
    }

    static VirtualMachineConfigSpec config(boolean nested, SizeRequirement size) {
        VirtualMachineConfigSpec config = new VirtualMachineConfigSpec();
        config.setNestedHVEnabled(nested);
        config.setExtraConfig(new OptionValue[] {ExtraConfig.entry("vhv.enable", nested ? "TRUE" : "FALSE"),
            CreateMarker.newRun()});
        if (size.minVcpusOrZero() > 0) {
            config.setNumCPUs(size.minVcpusOrZero());
        }
        if (size.minMemoryGiBOrZero() > 0) {
            config.setMemoryMB(size.minMemoryGiBOrZero() * 1024L);
        }
        return config;
    }

    /**
     * An existing specification from vCenter's CustomizationSpecManager; a missing one fails the create before
     * anything is cloned.
     */
    CustomizationSpec customizationSpec(String name) {
        return connection.withSession("reading customization specification '" + name + "'", (vim, content) -> {
            if (!vim.doesCustomizationSpecExist(content.getCustomizationSpecManager(), name)) {
                throw new VsphereException.Refused("customization specification '" + name + "' does not exist in "
                        + "vCenter (Policies and Profiles > VM Customization Specifications): create it, or fix the "
                        + "template's customizationSpec");
            }
            return vim.getCustomizationSpec(content.getCustomizationSpecManager(), name).getSpec();
        });
    }

    /**
     * vcsim 0.24.2's CloneVM_Task drops spec.customization (simulator/virtual_machine.go, CloneVMTask); vCenter
     * leaves it pending on the clone. A clone that should be customized but has nothing pending gets it now, while
     * it is still off, with CustomizeVM_Task.
     */
    void customizeIfNotPending(String moid, CustomizationSpec spec) throws InterruptedException {
        if (spec == null || !pendingCustomization(moid).isEmpty()) {
            return;
        }
        progress.accept("applying the guest customization");
        ManagedObjectReference task = connection.withSession("customizing " + moid,
                (vim, content) -> vim.customizeVM_Task(VsphereConnection.mor("VirtualMachine", moid), spec));
        new TaskWaiter(connection).await(task, "customizing " + moid, VmOperations.TASK_TIMEOUT);
    }

    /**
     * Until VMware Tools runs, nothing is pending, and a customization that began reported its end:
     * CustomizationSucceeded, or a CustomizationFailed event, which fails the create with its type.
     *
     * @param customized a customization was pending when the VM was powered on: its end must be seen
     */
    void awaitReady(String moid, String name, boolean customized, Duration limit) throws InterruptedException {
        progress.accept("waiting for VMware Tools" + (customized ? " and the guest customization" : "")
                + " (up to " + Durations.format(limit) + ")");
        long deadline = System.nanoTime() + limit.toNanos();
        Backoff backoff = new Backoff(GuestShutdown.FIRST_POLL, GuestShutdown.MAX_POLL);
        while (true) {
            if (vms.runtime(moid).toolsRunning() && pendingCustomization(moid).isEmpty()) {
                String outcome = customizationOutcome(moid);
                if ("CustomizationSucceeded".equals(outcome) || outcome == null && !customized) {
                    return;
                }
                if (outcome != null && !outcome.equals("CustomizationStartedEvent")) {
                    throw new VsphereException.TaskFailed("the guest customization of VM '" + name + "' failed ("
                            + outcome + "): see the guest's C:\\Windows\\Temp\\vmware-imc\\guestcust.log");
                }
            }
            if (System.nanoTime() >= deadline) {
                throw new VsphereException.TimedOut("VM '" + name + "' was not ready within "
                        + Durations.format(limit) + " (VMware Tools not running or customization unfinished): "
                        + "run 'provision apply' again to keep waiting");
            }
            backoff.sleepUntilNextPoll(deadline);
        }
    }

    /** The type of the latest customization event of the VM, or null when there is none yet. */
    private String customizationOutcome(String moid) {
        Event[] events = connection.withSession("reading the events of " + moid, (vim, content) -> {
            EventFilterSpec filter = new EventFilterSpec();
            EventFilterSpecByEntity entity = new EventFilterSpecByEntity();
            entity.setEntity(VsphereConnection.mor("VirtualMachine", moid));
            entity.setRecursion(EventFilterSpecRecursionOption.self);
            filter.setEntity(entity);
            filter.setEventTypeId(CUSTOMIZATION_EVENTS.clone());
            return vim.queryEvents(content.getEventManager(), filter);
        });
        Event latest = null;
        for (Event event : events == null ? new Event[0] : events) {
            if (latest == null || event.getKey() > latest.getKey()) {
                latest = event;
            }
        }
        return latest == null ? null : latest.getClass().getSimpleName();
    }

    /** Whether a customization waits for the VM's next power-on. */
    boolean customizationPending(String moid) {
        return !pendingCustomization(moid).isEmpty();
    }

    private String pendingCustomization(String moid) {
        Map<String, Object> props = connection.withSession("reading the pending customization of " + moid,
                (vim, content) -> ObjectProperties.read(vim, content, VsphereConnection.mor("VirtualMachine", moid),
                        "config.tools.pendingCustomization"));
        Object pending = props.get("config.tools.pendingCustomization");
        return pending == null ? "" : pending.toString();
    }

    void removeMarker(String moid) throws InterruptedException {
        VirtualMachineConfigSpec spec = new VirtualMachineConfigSpec();
        spec.setExtraConfig(new OptionValue[] {CreateMarker.remove()});
        vms.reconfigure(moid, spec, "removing the create marker");
    }
}
