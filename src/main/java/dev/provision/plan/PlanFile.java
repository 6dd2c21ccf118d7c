package dev.provision.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provision.spec.InvalidInputException;
import dev.provision.spec.SourceLocation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A plan saved by {@code plan --out}, and where its spec is. A plan is reviewed in one place and applied in another
 * (a pipeline's later job, another folder), so the spec is looked for first beside the plan (the path relative to
 * the plan file), then at its absolute path, then as it was given on the command line.
 *
 * @param file the plan file as the user named it; every problem is reported against it
 */
public record PlanFile(Path file, Plan plan, List<Path> specCandidates) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public PlanFile {
        specCandidates = List.copyOf(specCandidates);
    }

    public static PlanFile read(Path file) throws InvalidInputException {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(new SourceLocation(file.toString(), 0, 0), "cannot read the plan file");
        }
        Plan plan = PlanJson.read(json, file.toString());
        JsonNode spec;
        try {
            spec = MAPPER.readTree(json).path("spec");
        } catch (IOException e) {
            throw new IllegalStateException("PlanJson.read parsed this same text", e);
        }
        Set<Path> candidates = new LinkedHashSet<>();
        Path folder = file.toAbsolutePath().normalize().getParent();
        if (spec.hasNonNull("relativeToPlan") && folder != null) {
            candidates.add(folder.resolve(spec.get("relativeToPlan").asText()).normalize());
        }
        if (spec.hasNonNull("absolutePath")) {
            candidates.add(Path.of(spec.get("absolutePath").asText()));
        }
        candidates.add(Path.of(plan.specPath()));
        return new PlanFile(file, plan, new ArrayList<>(candidates));
    }

    /** The spec the plan was made from: the first candidate that exists. */
    public Path spec() throws InvalidInputException {
        for (Path candidate : specCandidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new InvalidInputException(new SourceLocation(file.toString(), 0, 0), "the spec this plan was made "
                + "from is not found (looked for " + String.join(", ", specCandidates.stream().map(Path::toString)
                .toList()) + "); keep the spec beside the plan as it was when planned");
    }

    /** The plan with the spec path it was found at, as {@code show --json} and {@code apply} use it. */
    public Plan withSpec(Path spec) {
        return new Plan(plan.formatVersion(), plan.createdAt(), spec.toString(), plan.specDigest(), plan.changes(),
                plan.warnings(), plan.selection(), plan.environment());
    }
}
