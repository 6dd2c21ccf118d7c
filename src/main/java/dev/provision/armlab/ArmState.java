package dev.provision.armlab;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The simulated subscription: resource groups, network resources and VMs, keyed case-insensitively as ARM
 * treats names. The object itself is the single lock every request runs under: the emulator is a test
 * fixture, so serialising requests buys simplicity (no lock ordering) at a cost nobody can measure.
 */
final class ArmState {
    final String subscriptionId;
    private final Map<String, ObjectNode> resourceGroups = new LinkedHashMap<>();
    private final Map<String, ObjectNode> networkResources = new LinkedHashMap<>();
    private final Map<String, SimulatedVm> vms = new LinkedHashMap<>();

    ArmState(String subscriptionId) {
        this.subscriptionId = subscriptionId;
    }

    static String key(String... parts) {
        return String.join("/", parts).toLowerCase(Locale.ROOT);
    }

    ObjectNode resourceGroup(String name) {
        return resourceGroups.get(key(name));
    }

    void putResourceGroup(String name, ObjectNode group) {
        resourceGroups.put(key(name), group);
    }

    List<ObjectNode> resourceGroups() {
        return new ArrayList<>(resourceGroups.values());
    }

    /** The resource group, or ARM's 404 for a missing one. */
    ObjectNode requireResourceGroup(String name) {
        ObjectNode group = resourceGroup(name);
        if (group == null) {
            throw ArmException.notFound("ResourceGroupNotFound", "Resource group '" + name + "' could not be found.");
        }
        return group;
    }

    ObjectNode networkResource(String resourceGroup, String type, String name) {
        return networkResources.get(key(resourceGroup, type, name));
    }

    void putNetworkResource(String resourceGroup, String type, String name, ObjectNode resource) {
        networkResources.put(key(resourceGroup, type, name), resource);
    }

    /** The network resources of one type in one resource group, in the order they were first made. */
    List<ObjectNode> networkResources(String resourceGroup, String type) {
        String prefix = key(resourceGroup, type) + "/";
        List<ObjectNode> out = new ArrayList<>();
        networkResources.forEach((key, resource) -> {
            if (key.startsWith(prefix)) {
                out.add(resource);
            }
        });
        return out;
    }

    SimulatedVm vm(String resourceGroup, String name) {
        return vms.get(key(resourceGroup, name));
    }

    /** The VM, or ARM's 404 in the exact wording ARM uses for a missing resource. */
    SimulatedVm requireVm(String resourceGroup, String name) {
        requireResourceGroup(resourceGroup);
        SimulatedVm vm = vm(resourceGroup, name);
        if (vm == null) {
            throw notFound("Microsoft.Compute/virtualMachines", name, resourceGroup);
        }
        return vm;
    }

    void putVm(SimulatedVm vm) {
        vms.put(key(vm.resourceGroup, vm.name), vm);
    }

    void removeVm(SimulatedVm vm) {
        vms.remove(key(vm.resourceGroup, vm.name));
    }

    List<SimulatedVm> vms() {
        return new ArrayList<>(vms.values());
    }

    static ArmException notFound(String type, String name, String resourceGroup) {
        return ArmException.notFound("ResourceNotFound", "The Resource '" + type + "/" + name
                + "' under resource group '" + resourceGroup + "' was not found. For more details please go to "
                + "https://aka.ms/ARMResourceNotFoundFix");
    }
}
