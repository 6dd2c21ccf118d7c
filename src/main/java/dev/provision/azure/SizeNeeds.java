package dev.provision.azure;

import dev.provision.azure.sizing.NestedSupport;
import dev.provision.azure.sizing.NestedVirtualizationCatalog;
import dev.provision.azure.sizing.SeriesFacts;
import dev.provision.azure.sizing.VmSku;
import dev.provision.spec.ResolvedDesiredState;
import dev.provision.spec.SizeRequirement;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a VM's current size serves what is wanted, and if not, why. Shared by the reader (which asks the
 * hardware cluster's sizes only for VMs that will be resized) and the rules (which plan the resize), so both agree.
 * An uncatalogued series is not a reason to resize: nobody knows it cannot nest, and resizing on a guess restarts
 * a machine for nothing; the rules warn about it instead.
 */
final class SizeNeeds {
    private SizeNeeds() {}

    /** Why the size must change; empty when it serves. */
    static List<String> problems(String size, Optional<VmSku> sku, ResolvedDesiredState desired,
                                 NestedVirtualizationCatalog catalog, String location) {
        List<String> out = new ArrayList<>();
        SizeRequirement wanted = desired.size();
        if (wanted.exact() != null && !wanted.exact().equalsIgnoreCase(size)) {
            out.add("size " + size + ", exactly " + wanted.exact() + " wanted");
            return out;
        }
        if (sku.isEmpty()) {
            out.add("size " + size + " is not in the Resource SKU list of " + location
                    + " (retired or not offered): its vCPUs and nested support cannot be checked");
            return out;
        }
        VmSku s = sku.get();
        SeriesFacts series = catalog.lookup(s.family());
        if (desired.nestedVirtualization()) {
            if (!"x64".equalsIgnoreCase(s.architecture())) {
                out.add(size + ": " + s.architecture() + " size, no nested virtualization");
            } else if (series.support() == NestedSupport.NOT_SUPPORTED) {
                out.add(size + ": " + series.note() + " series (" + series.series() + "), no nested virtualization");
            }
        }
        // What the guest gets, not what the size is charged: Standard_E4-2s_v5 gives 2 of its 4 (constrained vCPUs).
        if (s.guestVcpus() < wanted.minVcpusOrZero()) {
            out.add(s.describeVcpus() + ", at least " + wanted.minVcpusOrZero() + " wanted");
        }
        if (s.memoryGiB() < wanted.minMemoryGiBOrZero()) {
            out.add(gib(s.memoryGiB()) + " GiB memory, at least " + wanted.minMemoryGiBOrZero() + " GiB wanted");
        }
        return out;
    }

    /** True when the catalog supports nesting for this size (and it is x64): what "nestedVirtualization" means. */
    static boolean nests(VmSku sku, NestedVirtualizationCatalog catalog) {
        return sku != null && "x64".equalsIgnoreCase(sku.architecture())
                && catalog.lookup(sku.family()).support() == NestedSupport.SUPPORTED;
    }

    static String gib(double gib) {
        return gib == Math.rint(gib) ? String.valueOf((long) gib) : String.valueOf(gib);
    }
}
