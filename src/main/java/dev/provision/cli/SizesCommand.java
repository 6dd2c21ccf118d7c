package dev.provision.cli;

import dev.provision.azure.AzureProvider;
import dev.provision.azure.sizing.NestedVirtualizationCatalog;
import dev.provision.azure.sizing.Rejection;
import dev.provision.azure.sizing.SeriesFacts;
import dev.provision.azure.sizing.SizeRequest;
import dev.provision.azure.sizing.SizeSelection;
import dev.provision.azure.sizing.VmSizeSelector;
import dev.provision.azure.sizing.VmSku;
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
        "The region's size list is cached for 24 hours per subscription and region (--refresh reads it again)."})
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
        try (AzureProvider provider = AzureProvider.open(at, root.context.env(),
                specFile.toAbsolutePath().getParent())) {
            listing = provider.sizes(refresh);
        }
        int vcpus = minVcpus != null ? minVcpus : desired.size().minVcpusOrZero();
        int memory = minMemory != null ? minMemory : desired.size().minMemoryGiBOrZero();
        SizeRequest request = new SizeRequest(vcpus, memory, null, desired.size().preferred(),
                Boolean.TRUE.equals(desired.size().allowAmd()), null, azure.template() == null ? List.of()
                : azure.template().zones(), premium(azure), count);
        NestedVirtualizationCatalog catalog = NestedVirtualizationCatalog.documented();
        SizeSelection selection = new VmSizeSelector(catalog).select(request, region, listing.skus(),
                listing.usages());
        render(selection, request, catalog, out());
        return ExitCode.OK;
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

    private static boolean premium(AzureConnection azure) {
        String disk = azure.template() == null ? null : azure.template().osDiskType();
        return disk == null || disk.startsWith("Premium");
    }

    static void render(SizeSelection selection, SizeRequest request, NestedVirtualizationCatalog catalog,
                       PrintWriter out) {
        out.println("Sizes that can run nested virtualization in " + selection.location() + " (at least "
                + request.minVcpus() + " vCPUs and " + (long) request.minMemoryGiB() + " GiB, quota for "
                + request.count() + (request.count() == 1 ? " VM" : " VMs") + "), best first:");
        if (selection.candidates().isEmpty()) {
            out.println("  none: " + selection.nothingQualifies());
        }
        for (VmSku sku : selection.candidates()) {
            SeriesFacts series = catalog.lookup(sku.family());
            out.printf("  %-22s %3d vCPUs %6s GiB  %-7s %s%n", sku.name(), sku.vcpus(), gib(sku.memoryGiB()),
                    series.series(), request.preferred().stream().anyMatch(p -> p.equalsIgnoreCase(sku.name()))
                            ? "preferred" : "");
        }
        out.println();
        out.println("Not chosen (" + selection.rejections().size() + "):");
        for (Rejection r : selection.rejections()) {
            out.println("  " + r);
        }
        out.flush();
    }

    private static String gib(double gib) {
        return gib == Math.rint(gib) ? String.valueOf((long) gib) : String.valueOf(gib);
    }
}
