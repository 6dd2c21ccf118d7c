package dev.provision.armlab;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Locale;

/** Renders a simulated VM in the JSON shapes of the Compute API (VM, instance view). */
final class VmRenderer {
    private VmRenderer() {}

    static ObjectNode vm(SimulatedVm vm, boolean withInstanceView) {
        ObjectNode body = Json.object();
        body.put("name", vm.name);
        body.put("id", vm.id);
        body.put("type", "Microsoft.Compute/virtualMachines");
        body.put("location", vm.location);
        body.put("etag", vm.etag());
        if (!vm.tags.isEmpty()) {
            ObjectNode tags = body.putObject("tags");
            vm.tags.forEach(tags::put);
        }
        if (!vm.zones.isEmpty()) {
            ArrayNode zones = body.putArray("zones");
            vm.zones.forEach(zones::add);
        }
        ObjectNode properties = body.putObject("properties");
        properties.put("vmId", vm.vmId);
        Json.objectAt(properties, "hardwareProfile").put("vmSize", vm.size);
        ObjectNode stored = vm.properties.deepCopy();
        stored.remove("hardwareProfile");
        stored.remove("securityProfile");
        properties.setAll(stored);
        completeStorageProfile(vm, properties);
        completeOsProfile(properties);
        if (vm.securityType != SecurityType.STANDARD) {
            ObjectNode security = Json.objectAt(properties, "securityProfile");
            ObjectNode uefi = Json.objectAt(security, "uefiSettings");
            if (!uefi.has("secureBootEnabled")) {
                uefi.put("secureBootEnabled", true);
            }
            if (!uefi.has("vTpmEnabled")) {
                uefi.put("vTpmEnabled", true);
            }
            security.put("securityType", vm.securityType.armValue());
        } else if (vm.properties.has("securityProfile")) {
            properties.set("securityProfile", vm.properties.get("securityProfile").deepCopy());
        }
        properties.put("provisioningState", vm.provisioningState);
        if (withInstanceView) {
            properties.set("instanceView", instanceView(vm));
        }
        properties.put("timeCreated", vm.timeCreated.toString());
        return body;
    }

    /** Fills what Azure adds to the OS disk: its type, generated name, managed disk id and size. */
    private static void completeStorageProfile(SimulatedVm vm, ObjectNode properties) {
        ObjectNode storage = Json.objectAt(properties, "storageProfile");
        ObjectNode osDisk = Json.objectAt(storage, "osDisk");
        osDisk.put("osType", vm.osType);
        if (!osDisk.has("name")) {
            osDisk.put("name", vm.osDiskName);
        }
        if (!osDisk.has("caching")) {
            osDisk.put("caching", "ReadWrite");
        }
        if (!osDisk.has("createOption")) {
            osDisk.put("createOption", "FromImage");
        }
        ObjectNode managedDisk = Json.objectAt(osDisk, "managedDisk");
        if (!managedDisk.has("storageAccountType")) {
            managedDisk.put("storageAccountType", "Premium_LRS");
        }
        managedDisk.put("id", vm.id.substring(0, vm.id.indexOf("/providers/"))
                + "/providers/Microsoft.Compute/disks/" + osDisk.path("name").asText());
        if (!osDisk.has("deleteOption")) {
            osDisk.put("deleteOption", "Detach");
        }
        if (!osDisk.has("diskSizeGB")) {
            osDisk.put("diskSizeGB", "Windows".equalsIgnoreCase(vm.osType) ? 127 : 30);
        }
        if (!storage.has("dataDisks")) {
            storage.putArray("dataDisks");
        }
    }

    /** What Azure adds to the OS profile (seen in recorded GETs). */
    private static void completeOsProfile(ObjectNode properties) {
        if (!(properties.get("osProfile") instanceof ObjectNode osProfile)) {
            return;
        }
        if (!osProfile.has("secrets")) {
            osProfile.putArray("secrets");
        }
        if (!osProfile.has("allowExtensionOperations")) {
            osProfile.put("allowExtensionOperations", true);
        }
        if (!osProfile.has("requireGuestProvisionSignal")) {
            osProfile.put("requireGuestProvisionSignal", true);
        }
    }

    static ObjectNode instanceView(SimulatedVm vm) {
        ObjectNode view = Json.object();
        view.put("computerName", vm.properties.path("osProfile").path("computerName").asText(vm.name));
        ObjectNode agent = vm.agent.render(vm.power);
        if (agent != null) {
            view.set("vmAgent", agent);
        }
        view.put("hyperVGeneration", vm.hyperVGeneration);
        ArrayNode statuses = view.putArray("statuses");
        ObjectNode provisioning = statuses.addObject();
        String state = vm.provisioningState.toLowerCase(Locale.ROOT);
        provisioning.put("code", "ProvisioningState/" + state);
        provisioning.put("level", "failed".equals(state) ? "Error" : "Info");
        provisioning.put("displayStatus", "succeeded".equals(state) ? "Provisioning succeeded"
                : "failed".equals(state) ? "Provisioning failed" : vm.provisioningState);
        provisioning.put("time", Instant.now().toString());
        ObjectNode power = statuses.addObject();
        power.put("code", "PowerState/" + vm.power.code());
        power.put("level", "Info");
        power.put("displayStatus", vm.power.displayStatus());
        return view;
    }
}
