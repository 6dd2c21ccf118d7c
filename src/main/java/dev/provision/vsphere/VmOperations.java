package dev.provision.vsphere;

import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.VirtualMachineConfigSpec;
import java.time.Duration;
import java.util.Map;

/**
 * The vSphere calls a change makes on one VM, each one SOAP call (plus task polling) through the shared
 * session. Every call is safe to repeat after a session renewal: a call refused with NotAuthenticated was not
 * carried out.
 */
final class VmOperations {
    /** How long one power or reconfigure task may run; ESXi finishes them in seconds. */
    static final Duration TASK_TIMEOUT = Duration.ofMinutes(10);

    /** What polling a VM sees: its power state and whether VMware Tools answers. */
    record Runtime(VsphereVm.RuntimePowerState power, boolean toolsRunning) {}

    private final VsphereConnection connection;
    private final TaskWaiter tasks;

    VmOperations(VsphereConnection connection) {
        this.connection = connection;
        this.tasks = new TaskWaiter(connection);
    }

    Runtime runtime(String moid) {
        Map<String, Object> props = connection.withSession("reading the power state of " + moid,
                (vim, content) -> ObjectProperties.read(vim, content, vm(moid), "runtime.powerState",
                        "guest.toolsRunningStatus"));
        Object power = props.get("runtime.powerState");
        return new Runtime(VsphereVm.RuntimePowerState.of(power instanceof Enum<?> e ? e.name() : null),
                "guestToolsRunning".equals(props.get("guest.toolsRunningStatus")));
    }

    /** Asks the guest OS to shut down through VMware Tools; returns at once, the guest takes its time. */
    void requestGuestShutdown(String moid) {
        connection.withSession("asking the guest of " + moid + " to shut down", (vim, content) -> {
            vim.shutdownGuest(vm(moid));
            return null;
        });
    }

    void powerOff(String moid) throws InterruptedException {
        ManagedObjectReference task = connection.withSession("powering off " + moid,
                (vim, content) -> vim.powerOffVM_Task(vm(moid)));
        tasks.await(task, "powering off " + moid, TASK_TIMEOUT);
    }

    void powerOn(String moid) throws InterruptedException {
        ManagedObjectReference task = connection.withSession("powering on " + moid,
                (vim, content) -> vim.powerOnVM_Task(vm(moid), null));
        tasks.await(task, "powering on " + moid, TASK_TIMEOUT);
    }

    void reconfigure(String moid, VirtualMachineConfigSpec spec, String what) throws InterruptedException {
        ManagedObjectReference task = connection.withSession(what + " of " + moid,
                (vim, content) -> vim.reconfigVM_Task(vm(moid), spec));
        tasks.await(task, what + " of " + moid, TASK_TIMEOUT);
    }

    void upgradeHardware(String moid, String version) throws InterruptedException {
        ManagedObjectReference task = connection.withSession("upgrading the hardware of " + moid,
                (vim, content) -> vim.upgradeVM_Task(vm(moid), version));
        tasks.await(task, "upgrading the hardware of " + moid + " to " + version, TASK_TIMEOUT);
    }

    private static ManagedObjectReference vm(String moid) {
        return VsphereConnection.mor("VirtualMachine", moid);
    }
}
