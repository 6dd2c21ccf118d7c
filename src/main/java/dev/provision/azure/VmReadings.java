package dev.provision.azure;

import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.azure.resourcemanager.compute.models.InstanceViewStatus;
import dev.provision.azure.sizing.NestedVirtualizationCatalog;
import dev.provision.azure.sizing.SeriesFacts;
import dev.provision.azure.sizing.VmSku;
import dev.provision.provider.ObservedVm;
import dev.provision.provider.PowerState;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/** An Azure VM as the SDK returns it (with its instance view) turned into the core's {@link ObservedVm}. */
final class VmReadings {
    private VmReadings() {}

    static ObservedVm observe(VirtualMachineInner vm, Function<String, Optional<VmSku>> skus,
                              NestedVirtualizationCatalog catalog) {
        String size = vm.hardwareProfile() == null || vm.hardwareProfile().vmSize() == null ? "unknown"
                : vm.hardwareProfile().vmSize().toString();
        Optional<VmSku> sku = skus.apply(size);
        String security = vm.securityProfile() == null || vm.securityProfile().securityType() == null
                ? VmProperties.STANDARD : vm.securityProfile().securityType().toString();
        Map<String, String> p = new TreeMap<>();
        p.put(VmProperties.SIZE, size);
        p.put(VmProperties.SECURITY_TYPE, security);
        p.put(VmProperties.LOCATION, vm.location());
        p.put(VmProperties.ZONES, vm.zones() == null ? "" : String.join(",", vm.zones()));
        sku.ifPresent(s -> {
            SeriesFacts series = catalog.lookup(s.family());
            p.put(VmProperties.VCPUS, String.valueOf(s.guestVcpus()));
            p.put(VmProperties.MEMORY_GIB, SizeNeeds.gib(s.memoryGiB()));
            p.put(VmProperties.SERIES, series.series());
            p.put(VmProperties.NESTED_SUPPORT, series.support().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        });
        String generation = hyperVGeneration(vm, security);
        if (generation != null) {
            p.put(VmProperties.HYPERV_GENERATION, generation);
        }
        String osDisk = osDiskType(vm);
        if (osDisk != null) {
            p.put(VmProperties.OS_DISK_TYPE, osDisk);
        }
        CreateMarker.on(vm.tags()).ifPresent(run -> p.put(VmProperties.CREATE_INTERRUPTED, run));
        if ("Failed".equalsIgnoreCase(vm.provisioningState())) {
            p.put(VmProperties.PROVISIONING_STATE, "Failed");
        }
        RestoreMarker.textOf(vm).ifPresent(marker -> p.put(VmProperties.RESTORE_POWER, marker));
        return new ObservedVm(vm.name(), vm.id(), power(vm), SizeNeeds.nests(sku.orElse(null), catalog), p);
    }

    /** From the instance view's {@code PowerState/...} status; transitional states count as where they lead. */
    static PowerState power(VirtualMachineInner vm) {
        if (vm.instanceView() == null || vm.instanceView().statuses() == null) {
            return PowerState.UNKNOWN;
        }
        List<InstanceViewStatus> statuses = vm.instanceView().statuses();
        for (InstanceViewStatus status : statuses) {
            String code = status.code() == null ? "" : status.code().toLowerCase(Locale.ROOT);
            if (code.startsWith("powerstate/")) {
                return switch (code.substring("powerstate/".length())) {
                    case "running", "starting" -> PowerState.ON;
                    case "stopped", "stopping" -> PowerState.OFF;
                    case "deallocated", "deallocating" -> PowerState.DEALLOCATED;
                    default -> PowerState.UNKNOWN;
                };
            }
        }
        return PowerState.UNKNOWN;
    }

    private static String hyperVGeneration(VirtualMachineInner vm, String security) {
        if (vm.instanceView() != null && vm.instanceView().hyperVGeneration() != null) {
            return vm.instanceView().hyperVGeneration().toString().toUpperCase(Locale.ROOT);
        }
        return VmProperties.TRUSTED_LAUNCH.equals(security) ? "V2" : null;
    }

    private static String osDiskType(VirtualMachineInner vm) {
        if (vm.storageProfile() == null || vm.storageProfile().osDisk() == null
                || vm.storageProfile().osDisk().managedDisk() == null
                || vm.storageProfile().osDisk().managedDisk().storageAccountType() == null) {
            return null;
        }
        return vm.storageProfile().osDisk().managedDisk().storageAccountType().toString();
    }
}
