package dev.provision.rehearsal;

import dev.provision.azure.sizing.NestedSupport;
import dev.provision.azure.sizing.NestedVirtualizationCatalog;

import java.util.function.Predicate;

/**
 * The nesting rule the rehearsal hands the ARM emulator: a SKU family exposes virtualization to its guest when the
 * project's documented series catalog says it is supported, the same catalog the Azure provider plans with, so the
 * rehearsal's guest agrees with the plan. Families the catalog does not cover do not nest.
 */
public final class DocumentedNesting {
    private static final NestedVirtualizationCatalog CATALOG = NestedVirtualizationCatalog.documented();

    private DocumentedNesting() {}

    public static Predicate<String> families() {
        return family -> CATALOG.lookup(family).support() == NestedSupport.SUPPORTED;
    }
}
