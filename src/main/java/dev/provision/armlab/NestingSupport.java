package dev.provision.armlab;

import dev.provision.azure.sizing.NestedSupport;
import dev.provision.azure.sizing.NestedVirtualizationCatalog;

/**
 * Whether a simulated VM's size exposes virtualization to its guest. Azure has no API for it, so the emulator uses
 * the project's documented series catalog by the size's SKU family, as the provider does: the guest then behaves as
 * the documentation says that series does (burstable B: WSL 2 fails with 0x80370102). Series the catalog does not
 * know count as not nesting: the emulator must not make an unknown size look capable.
 */
final class NestingSupport {
    private static final NestedVirtualizationCatalog CATALOG = NestedVirtualizationCatalog.documented();

    private NestingSupport() {}

    static boolean nests(SkuCatalog skus, SimulatedVm vm) {
        return skus.vmSize(vm.location, vm.size)
                .map(size -> CATALOG.lookup(size.family()).support() == NestedSupport.SUPPORTED)
                .orElse(false);
    }
}
