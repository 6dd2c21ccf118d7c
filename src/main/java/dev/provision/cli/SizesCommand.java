package dev.provision.cli;

import dev.provision.engine.Engine;
import dev.provision.provider.ProviderException;
import dev.provision.provider.SizeAdvice;
import dev.provision.provider.SizeQuery;
import dev.provision.spec.InvalidInputException;
import dev.provision.spec.SourceLocation;
import dev.provision.spec.Spec;
import dev.provision.spec.TargetKind;
import dev.provision.spec.TargetSpec;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

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
        + "size.preferred. Exits 7 when no size qualifies.", "",
        "--json prints {location, request, candidates, rejections}: every rejection, with its cause and reason."})
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

    @Mixin
    OutputFormatOption format;

    @Override
    public Integer call() throws InvalidInputException, ProviderException, InterruptedException {
        Spec spec = loadSpec(specFile);
        TargetSpec target = azureTarget(spec);
        SizeQuery query = new SizeQuery(location, minVcpus, minMemory, count, refresh);
        ProgressView progress = progress();
        SizeAdvice advice;
        try (Engine engine = engine(specFile, progress)) {
            advice = engine.sizes(target, query);
        } finally {
            progress.close();
        }
        if (format.json()) {
            out().print(JsonOutput.write(json(advice)));
            out().flush();
        } else {
            render(advice, all, out());
        }
        return advice.candidates().isEmpty() ? ExitCode.CANNOT_REACH_WANTED_STATE : ExitCode.OK;
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

    static void render(SizeAdvice advice, boolean all, PrintWriter out) {
        out.println("Sizes that can run nested virtualization in " + advice.location() + " (" + asked(advice.asked())
                + "), best first:");
        if (advice.candidates().isEmpty()) {
            out.println("  none: " + advice.nothingQualifies());
        }
        for (SizeAdvice.Candidate size : advice.candidates()) {
            out.printf("  %-22s %3d vCPUs %6s GiB  %-7s %s%n", size.name(), size.vcpus(), gib(size.memoryGiB()),
                    size.series(), size.preferred() ? "preferred"
                            : size.constrained() ? "constrained: " + size.chargedVcpus() + " vCPUs charged" : "");
        }
        List<SizeAdvice.Rejection> shown = all ? advice.rejections() : advice.named();
        out.println();
        out.println("Not chosen (" + advice.rejections().size() + "):");
        for (SizeAdvice.Rejection r : shown) {
            out.println("  " + r);
        }
        int hidden = advice.rejections().size() - shown.size();
        if (hidden > 0) {
            out.println("  and " + hidden + " sizes of series the nested-virtualization catalog does not cover "
                    + "(unknown, never guessed; --all lists them)");
        }
        out.flush();
    }

    /** The same advice for scripts: every rejection is listed (--all only shortens the text). */
    static ObjectNode json(SizeAdvice advice) {
        ObjectNode root = JsonOutput.object();
        root.put("location", advice.location());
        SizeAdvice.Asked request = advice.asked();
        ObjectNode asked = root.putObject("request");
        asked.put("exact", request.exact());
        asked.put("minVcpus", request.minVcpus());
        asked.put("minMemoryGiB", request.minMemoryGiB());
        asked.put("hyperVGeneration", request.imageGeneration());
        request.zones().forEach(asked.putArray("zones")::add);
        request.preferred().forEach(asked.putArray("preferred")::add);
        asked.put("count", request.count());
        ArrayNode candidates = root.putArray("candidates");
        for (SizeAdvice.Candidate size : advice.candidates()) {
            candidates.addObject().put("size", size.name()).put("series", size.series()).put("vcpus", size.vcpus())
                    .put("vcpusCharged", size.chargedVcpus()).put("memoryGiB", size.memoryGiB())
                    .put("preferred", size.preferred()).put("constrained", size.constrained());
        }
        root.put("nothingQualifies", advice.nothingQualifies());
        ArrayNode rejections = root.putArray("rejections");
        for (SizeAdvice.Rejection r : advice.rejections()) {
            rejections.addObject().put("size", r.size()).put("cause", r.cause()).put("reason", r.reason());
        }
        return root;
    }

    /** What was asked, as plan asks it. */
    private static String asked(SizeAdvice.Asked request) {
        StringBuilder s = new StringBuilder(request.exact() != null ? "size.exact " + request.exact() + ", " : "");
        s.append("at least ").append(request.minVcpus()).append(" vCPUs and ").append(gib(request.minMemoryGiB()))
                .append(" GiB");
        if (request.imageGeneration() != null) {
            s.append(", Hyper-V generation ").append(request.imageGeneration()).append(" for the image");
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
