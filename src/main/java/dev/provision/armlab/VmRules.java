package dev.provision.armlab;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The Compute rules the emulator enforces, with the error codes and wording Azure answers with. */
final class VmRules {
    private VmRules() {}

    static ArmException skuNotAvailable(String size, String location) {
        return ArmException.conflict("SkuNotAvailable", "The requested VM size for resource 'Following SKUs have "
                + "failed for Capacity Restrictions: " + size + "' is currently not available in location '"
                + location + "'. Please try another size or deploy to a different location or different zone. "
                + "See https://aka.ms/azureskunotavailable for details.");
    }

    static ArmException cannotBootGeneration(String size, String generation) {
        String gen = generation.substring(1);
        return ArmException.badRequest("BadRequest", "The selected VM size '" + size + "' cannot boot Hypervisor "
                + "Generation '" + gen + "'. If this was a Create operation please check that the Hypervisor "
                + "Generation of the Image matches the Hypervisor Generation of the selected VM Size. If this was an "
                + "Update operation please select a Hypervisor Generation '" + gen + "' VM Size. For more "
                + "information, see https://aka.ms/azuregen2vm");
    }

    static ArmException notInHardwareCluster(String size, Collection<String> clusterSizes) {
        return ArmException.conflict("OperationNotAllowed", "Unable to resize the VM because the requested size "
                + size + " is not available in the current hardware cluster. The available sizes in this cluster "
                + "are: " + String.join(", ", clusterSizes) + ". Read more on VM resizing strategy at "
                + "https://aka.ms/azure-resizevm.");
    }

    static ArmException requiresRunning() {
        return ArmException.conflict("OperationNotAllowed",
                "The operation requires the VM to be running (or set to run).");
    }

    static ArmException propertyChangeNotAllowed(String property) {
        return ArmException.conflict("PropertyChangeNotAllowed", "Changing property '" + property
                + "' is not allowed.");
    }

    static ArmException locationNotAvailable(String location, List<String> known) {
        return ArmException.badRequest("LocationNotAvailableForResourceType", "The provided location '" + location
                + "' is not available for resource type 'Microsoft.Compute/virtualMachines'. List of available "
                + "regions for the resource type is '" + String.join(",", known) + "'.");
    }

    static ArmException missing(String parameter) {
        return ArmException.badRequest("InvalidParameter", "Required parameter '" + parameter
                + "' is missing (null).");
    }

    /** The size spec, refusing sizes the location does not offer or restricts (for the zones asked). */
    static VmSizeSpec deployableSize(SkuCatalog catalog, String location, String size, List<String> zones) {
        VmSizeSpec spec = catalog.vmSize(location, size).orElseThrow(() -> skuNotAvailable(size, location));
        if (!spec.availableIn(zones)) {
            throw skuNotAvailable(size, location);
        }
        return spec;
    }

    static void checkGeneration(VmSizeSpec spec, String generation) {
        if (!spec.hyperVGenerations().contains(generation)) {
            throw cannotBootGeneration(spec.name(), generation);
        }
    }

    /**
     * The Hyper-V generation a marketplace image boots. Azure knows it from the image version; the emulator
     * infers it from the image SKU name by the marketplace's naming (Gen2 SKUs end in "-g2"/"gen2"; Windows 11
     * and Azure Edition images exist only as Gen2). Trusted Launch and Confidential VMs are Gen2 by definition.
     */
    static String hyperVGenerationOf(JsonNode imageReference, SecurityType securityType) {
        if (securityType != SecurityType.STANDARD) {
            return "V2";
        }
        String sku = Json.text(imageReference, "sku");
        if (sku == null) {
            return "V2";
        }
        String lower = sku.toLowerCase(Locale.ROOT);
        boolean gen2 = lower.endsWith("-g2") || lower.endsWith("gen2") || lower.contains("-gen2")
                || lower.startsWith("win11") || lower.contains("azure-edition");
        return gen2 ? "V2" : "V1";
    }

    static String osTypeOf(JsonNode properties) {
        String declared = Json.text(properties, "storageProfile", "osDisk", "osType");
        if (declared != null) {
            return declared;
        }
        if (properties.path("osProfile").has("linuxConfiguration")) {
            return "Linux";
        }
        String publisher = Json.text(properties, "storageProfile", "imageReference", "publisher");
        boolean windows = properties.path("osProfile").has("windowsConfiguration")
                || (publisher != null && publisher.toLowerCase(Locale.ROOT).contains("windows"));
        return windows ? "Windows" : "Linux";
    }

    static List<String> names(Collection<VmSizeSpec> specs) {
        return specs.stream().map(VmSizeSpec::name).collect(Collectors.toList());
    }
}
