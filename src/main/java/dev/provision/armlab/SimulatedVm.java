package dev.provision.armlab;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One VM's simulated state. The fields the emulator reasons about are typed; everything else the client
 * sent in {@code properties} is kept as JSON (minus secrets) and echoed back, as Azure does.
 * Guarded by the emulator's state lock.
 */
final class SimulatedVm {
    final String resourceGroup;
    final String name;
    final String id;
    final String location;
    final String vmId = UUID.randomUUID().toString();
    final Instant timeCreated = Instant.now();
    final String osDiskName;
    String size;
    List<String> zones = new ArrayList<>();
    Map<String, String> tags = new LinkedHashMap<>();
    /**
     * What the VM's etag counts: every accepted PUT or PATCH of its model moves it on. Real Compute etags are such a
     * quoted counter ({@code "etag": "\"1\""} in the REST specification's example VirtualMachine_Get.json, see
     * ../shared/azure-recordings/SOURCES.md); power operations leave the model, and so the etag, alone.
     */
    long modelVersion = 1;
    SecurityType securityType = SecurityType.STANDARD;
    String hyperVGeneration = "V2";
    String osType = "Windows";
    ArmPowerState power = ArmPowerState.STARTING;
    String provisioningState = "Creating";
    ObjectNode properties = Json.object();
    /** The operation currently changing this VM, finished early if another one arrives. */
    AsyncOperation pending;
    final Map<String, ManagedRunCommand> runCommands = new LinkedHashMap<>();
    /** The Windows inside: changed by its own scripts and finished by restarts. */
    WindowsGuest guest = new WindowsGuest();
    /** What the instance view says of the VM agent, with Azure's lags after a create or reboot. */
    final VmAgent agent = new VmAgent();

    SimulatedVm(String subscriptionId, String resourceGroup, String name, String location) {
        this.resourceGroup = resourceGroup;
        this.name = name;
        this.location = location;
        this.id = "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup
                + "/providers/Microsoft.Compute/virtualMachines/" + name;
        this.osDiskName = name + "_OsDisk_1_" + vmId.replace("-", "");
    }

    VmSnapshot snapshot() {
        return new VmSnapshot(name, resourceGroup, location, size, List.copyOf(zones), Map.copyOf(tags),
                securityType, hyperVGeneration, power, provisioningState, osType, guest.copy());
    }

    /** Lets a new operation start from a settled state, as ARM serialises operations on one VM. */
    void settlePending() {
        if (pending != null) {
            pending.finish();
            pending = null;
        }
    }

    String etag() {
        return "\"" + modelVersion + "\"";
    }
}
