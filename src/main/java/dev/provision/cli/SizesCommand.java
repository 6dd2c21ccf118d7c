package dev.provision.cli;

import dev.provision.azure.AzureProvider;
import dev.provision.azure.AzureRules;
import dev.provision.azure.sizing.NestedVirtualizationCatalog;
import dev.provision.azure.sizing.Rejection;
import dev.provision.azure.sizing.SeriesFacts;
import dev.provision.azure.sizing.SizeRequest;
import dev.provision.azure.sizing.SizeSelection;
import dev.provision.azure.sizing.VmSizeSelector;
import dev.provision.azure.sizing.VmSku;
import dev.provision.boot.Providers;
import dev.provision.provider.ProviderException;
import dev.provision.spec.AzureConnection;
import dev.provision.spec.InvalidInputException;
import dev.provision.spec.ResolvedDesiredState;
import dev.provision.spec.SourceLocation;
import dev.provision.spec.Spec;
import dev.provision.spec.TargetKind;
import dev.provision.spec.TargetSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Which Azure sizes can run nested virtualization in a region for this subscription, best first, and why every
 * other size cannot. The subscription and credential are the spec's Azure target; minimums and preferences
 * default to that target's desired state (e.g. the docker-desktop profile's 4 vCPUs and 16 GiB).
 */
@Command(name = "sizes", description = {"List the Azure sizes that can run nested virtualization in a region, "
        + "best first, and why every other size cannot. Uses the subscription and credential of an Azure target "
        + "in a spec; changes nothing.", "",
        "The region's size list is cached for 24 hours per subscription and region (--refresh reads it again).", "",
        "Judges what plan judges: the template's image generation, zones and OS disk, size.exact and "
        + "size.preferred. Exits 7 when no size qualifies."})
final class SizesCommand extends BaseCommand {
    @Option(names = "--spec", required = true, paramLabel = "SPEC", description = "A spec with an Azure target.")
    Path specFile;

    @Option(names = "--target", paramLabel = "NAME", description = "The Azure target to use (default: the only, "
            + "or first, Azure target).")
    String targetName;

    @Option(names = "--location", paramLabel = "REGION", description = "The region (default: the target's).")
    String location;

    @Option(names = "--min-vcpus", paramLabel = "N", description = "Fewest vCPUs (default: the target's "
            + "desired size, else 0).")
    Integer minVcpus;

    @Option(names = "--min-memory", paramLabel = "GIB", description = "Least memory in GiB (default: the "
            + "target's desired size, else 0).")
    Integer minMemory;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1", description = "How many VMs the quota must "
            + "hold (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--refresh", description = "Read the region's size list from Azure even when it is cached.")
    boolean refresh;

    @Option(names = "--all", description = "Also list the sizes of series the nested-virtualization catalog does "
            + "not cover (by default they are only counted).")
    boolean all;

    @Override
    public Integer call() throws InvalidInputException, ProviderException {
        Spec spec = loadSpec(specFile);
        TargetSpec target = azureTarget(spec);
        AzureConnection azure = (AzureConnection) target.connection();
        String region = location == null ? azure.location() : location.toLowerCase(Locale.ROOT);
        TargetSpec at = new TargetSpec(target.name(), target.kind(), new AzureConnection(azure.subscription(),
                region, azure.resourceGroup(), azure.cloud(), azure.endpoint(), azure.caFile(), azure.token(),
                azure.template(), azure.emulator()), target.vms(), target.desired(), target.location());
        ResolvedDesiredState desired = target.desired().resolve();
        AzureProvider.SizeListing listing;
        try (AzureProvider provider = Providers.azure(at, root.context.env(),
                specFile.toAbsolutePath().getParent())) {
            listing = provider.sizes(refresh);
        }
        // The same request plan makes for a create, so that both agree; the options only move the minimums.
        SizeRequest planned = AzureRules.sizesRequest(azure, desired, count);
        SizeRequest request = new SizeRequest(minVcpus != null ? minVcpus : planned.minVcpus(),
                minMemory != null ? minMemory : planned.minMemoryGiB(), planned.exact(), planned.preferred(),
                planned.allowAmd(), planned.hyperVGeneration(), planned.zones(), planned.premiumStorage(), count);
        NestedVirtualizationCatalog catalog = NestedVirtualizationCatalog.documented();
        SizeSelection selection = new VmSizeSelector(catalog).select(request, region, listing.skus(),
                listing.usages());
        render(selection, request, catalog, all, out());
        return selection.candidates().isEmpty() ? ExitCode.CANNOT_REACH_WANTED_STATE : ExitCode.OK;
    }

    private TargetSpec azureTarget(Spec spec) throws InvalidInputException {
        for (TargetSpec t : spec.targets()) {
            if (t.kind() == TargetKind.AZURE && (targetName == null || t.name().equals(targetName))) {
                return t;
            }
        }
        throw new InvalidInputException(new SourceLocation(specFile.toString(), 0, 0), targetName == null
                ? "the spec has no Azure target; 'provision sizes' uses an Azure target's subscription and credential"
                : "the spec has no Azure target named '" + targetName + "'");
    }

    static void render(SizeSelection selection, SizeRequest request, NestedVirtualizationCatalog catalog,
                       boolean all, PrintWriter out) {
        out.println("Sizes that can run nested virtualization in " + selection.location() + " (" + asked(request)
                + "), best first:");
        if (selection.candidates().isEmpty()) {
            out.println("  none: " + selection.nothingQualifies(null));
        }
        for (VmSku sku : selection.candidates()) {
            SeriesFacts series = catalog.lookup(sku.family());
            out.printf("  %-22s %3d vCPUs %6s GiB  %-7s %s%n", sku.name(), sku.guestVcpus(), gib(sku.memoryGiB()),
                    series.series(), request.preferred().stream().anyMatch(p -> p.equalsIgnoreCase(sku.name()))
                            ? "preferred" : sku.constrained() ? "constrained: " + sku.vcpus() + " vCPUs charged" : "");
        }
        List<Rejection> shown = all ? selection.rejections() : selection.named();
        out.println();
        out.println("Not chosen (" + selection.rejections().size() + "):");
        for (Rejection r : shown) {
            out.println("  " + r);
        }
        int hidden = selection.rejections().size() - shown.size();
        if (hidden > 0) {
            out.println("  and " + hidden + " sizes of series the nested-virtualization catalog does not cover "
                    + "(unknown, never guessed; --all lists them)");
        }
        out.flush();
    }

    /** What was asked, as plan asks it. */
    private static String asked(SizeRequest request) {
        StringBuilder s = new StringBuilder(request.exact() != null ? "size.exact " + request.exact() + ", " : "");
        s.append("at least ").append(request.minVcpus()).append(" vCPUs and ").append(gib(request.minMemoryGiB()))
                .append(" GiB");
        if (request.hyperVGeneration() != null) {
            s.append(", Hyper-V generation ").append(request.hyperVGeneration()).append(" for the image");
        }
        if (!request.zones().isEmpty()) {
            s.append(", zones ").append(String.join(",", request.zones()));
        }
        return s.append(", quota for ").append(request.count()).append(request.count() == 1 ? " VM" : " VMs")
                .toString();
    }

    private static String gib(double gib) {
        return gib == Math.rint(gib) ? String.valueOf((long) gib) : String.valueOf(gib);
    }
}
