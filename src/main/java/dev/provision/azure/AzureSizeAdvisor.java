package dev.provision.azure;

import dev.provision.azure.sizing.NestedVirtualizationCatalog;
import dev.provision.azure.sizing.Rejection;
import dev.provision.azure.sizing.SizeRequest;
import dev.provision.azure.sizing.SizeSelection;
import dev.provision.azure.sizing.VmSizeSelector;
import dev.provision.azure.sizing.VmSku;
import dev.provision.provider.ProviderException;
import dev.provision.provider.SizeAdvice;
import dev.provision.provider.SizeAdvisor;
import dev.provision.provider.SizeQuery;
import dev.provision.spec.AzureSettings;
import dev.provision.spec.ResolvedDesiredState;

import java.util.Locale;

/**
 * {@code provision sizes} for one Azure target: the same request plan makes for a create (so that both agree), in
 * the target's region or another one of the same subscription; the query only moves the minimums and the count.
 */
final class AzureSizeAdvisor implements SizeAdvisor {
    private final AzureSettings azure;
    private final ResolvedDesiredState desired;
    private final AzureReader reader;
    private final NestedVirtualizationCatalog catalog;

    AzureSizeAdvisor(AzureSettings azure, ResolvedDesiredState desired, AzureReader reader,
                     NestedVirtualizationCatalog catalog) {
        this.azure = azure;
        this.desired = desired;
        this.reader = reader;
        this.catalog = catalog;
    }

    @Override
    public SizeAdvice advise(SizeQuery query) throws ProviderException {
        String region = query.location() == null ? azure.location() : query.location().toLowerCase(Locale.ROOT);
        AzureReader at = reader.at(region);
        SizeRequest request = request(query);
        SizeSelection selection = new VmSizeSelector(catalog).select(request, region, at.skus(query.refresh()),
                at.usages());
        return new SizeAdvice(selection.location(), asked(request),
                selection.candidates().stream().map(sku -> candidate(sku, request)).toList(),
                selection.rejections().stream().map(AzureSizeAdvisor::rejection).toList(),
                selection.candidates().isEmpty() ? selection.nothingQualifies(null) : null);
    }

    private SizeRequest request(SizeQuery query) {
        SizeRequest planned = AzureRules.sizesRequest(azure, desired, query.count());
        return new SizeRequest(query.minVcpus() != null ? query.minVcpus() : planned.minVcpus(),
                query.minMemoryGiB() != null ? query.minMemoryGiB() : planned.minMemoryGiB(), planned.exact(),
                planned.preferred(), planned.allowAmd(), planned.hyperVGeneration(), planned.zones(),
                planned.premiumStorage(), query.count());
    }

    private static SizeAdvice.Asked asked(SizeRequest request) {
        return new SizeAdvice.Asked(request.minVcpus(), request.minMemoryGiB(), request.exact(), request.preferred(),
                request.hyperVGeneration(), request.zones(), request.count());
    }

    private SizeAdvice.Candidate candidate(VmSku sku, SizeRequest request) {
        return new SizeAdvice.Candidate(sku.name(), sku.guestVcpus(), sku.vcpus(), sku.memoryGiB(),
                catalog.lookup(sku.family()).series(),
                request.preferred().stream().anyMatch(p -> p.equalsIgnoreCase(sku.name())));
    }

    private static SizeAdvice.Rejection rejection(Rejection r) {
        return new SizeAdvice.Rejection(r.size(), r.cause().name().toLowerCase(Locale.ROOT), r.reason(),
                r.cause() != Rejection.Cause.UNCATALOGUED);
    }
}
