package dev.provision.azure;

import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.azure.resourcemanager.compute.models.InstanceViewStatus;
import com.azure.resourcemanager.compute.models.InstanceViewTypes;
import dev.provision.provider.PowerState;
import dev.provision.provider.ProviderException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Whether a VM's guest can be reached through Run Command now: the VM runs and its VM agent reports Ready. Run
 * Command needs both; without the agent Azure accepts the request and the script never runs (it times out after
 * minutes), so this is checked first and said plainly.
 */
final class GuestAccess {
    private final AzureClients azure;
    private final String resourceGroup;

    GuestAccess(AzureClients azure, String resourceGroup) {
        this.azure = azure;
        this.resourceGroup = resourceGroup;
    }

    /** @throws ProviderException naming what is missing: a running VM, or a Ready agent */
    void requireReady(String vm, String purpose) throws ProviderException {
        VirtualMachineInner read = read(vm);
        PowerState power = VmReadings.power(read);
        if (!power.isRunning()) {
            throw new ProviderException("VM " + vm + " is " + describe(power) + ": the guest cannot be " + purpose
                    + " (Run Command needs a running VM with its agent ready)");
        }
        String agent = agentStatus(read);
        if (!"ready".equalsIgnoreCase(agent)) {
            throw new ProviderException("the VM agent of " + vm + " is " + (agent == null ? "not reporting" : "'"
                    + agent + "'") + ": the guest cannot be " + purpose + " until it is Ready (Run Command needs "
                    + "it; check the Windows Azure Guest Agent service in the VM)");
        }
    }

    /**
     * Waits until the VM runs and its agent is Ready again after a restart, polling the instance view.
     *
     * @return false when {@code limit} passed first
     */
    boolean awaitReady(String vm, Duration limit) throws ProviderException, InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        Duration interval = azure.pollInterval();
        while (true) {
            VirtualMachineInner read = read(vm);
            if (VmReadings.power(read).isRunning() && "ready".equalsIgnoreCase(agentStatus(read))) {
                return true;
            }
            if (Instant.now().plus(interval).isAfter(deadline)) {
                return false;
            }
            Thread.sleep(interval.toMillis());
        }
    }

    private VirtualMachineInner read(String vm) throws ProviderException {
        try {
            return azure.compute().getVirtualMachines().getByResourceGroupWithResponse(resourceGroup, vm,
                    InstanceViewTypes.INSTANCE_VIEW, Context.NONE).getValue();
        } catch (RuntimeException e) {
            throw new ProviderException("reading " + vm + "'s instance view failed: " + AzureErrors.describe(e),
                    null, e);
        }
    }

    /** The agent's display status ("Ready", "Not Ready"), or null when the instance view has no agent section. */
    static String agentStatus(VirtualMachineInner vm) {
        if (vm.instanceView() == null || vm.instanceView().vmAgent() == null) {
            return null;
        }
        List<InstanceViewStatus> statuses = vm.instanceView().vmAgent().statuses();
        if (statuses == null || statuses.isEmpty()) {
            return null;
        }
        return statuses.get(0).displayStatus();
    }

    static String describe(PowerState power) {
        return power == PowerState.OFF ? "stopped" : power.key().toLowerCase(Locale.ROOT);
    }
}
