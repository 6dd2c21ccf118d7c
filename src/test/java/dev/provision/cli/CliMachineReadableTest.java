package dev.provision.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provision.boot.Providers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --json / -o json on validate, verify and sizes: one JSON document on stdout, messages on stderr. */
class CliMachineReadableTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path fleet;
    private Path invalid;

    @BeforeEach
    void copySpecs() throws IOException {
        for (String name : List.of("fleet.yaml", "unverifiable.yaml")) {
            try (InputStream in = getClass().getResourceAsStream("/cli/" + name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        fleet = dir.resolve("fleet.yaml");
        invalid = dir.resolve("multiple-errors.yaml");
        try (InputStream in = getClass().getResourceAsStream("/specs/invalid/multiple-errors.yaml")) {
            Files.copy(in, invalid);
        }
    }

    private static JsonNode parse(CliRun r) throws IOException {
        return JSON.readTree(r.out);
    }

    @Test
    void validateJsonListsEverySpecAndEveryDiagnosticWithItsPosition() throws Exception {
        CliRun r = CliRun.run(CliRun.pipeline(), "validate", "--json", fleet.toString(), invalid.toString());
        assertEquals(ExitCode.INVALID_INPUT, r.exit, r.toString());
        JsonNode doc = parse(r);
        assertFalse(doc.get("valid").asBoolean());
        assertTrue(doc.get("specs").get(0).get("valid").asBoolean(), doc.toString());
        assertEquals("lab", doc.get("specs").get(0).get("targets").get(0).get("name").asText());
        assertFalse(doc.get("specs").get(1).get("valid").asBoolean(), doc.toString());
        JsonNode first = doc.get("diagnostics").get(0);
        assertEquals(invalid.toString(), first.get("file").asText());
        assertEquals(15, first.get("line").asInt());
        assertEquals(10, first.get("column").asInt());
        assertEquals("error", first.get("severity").asText());
        assertTrue(first.get("message").asText().startsWith("unknown profile 'docker-desktp'"), first.toString());
        assertEquals(14, doc.get("diagnostics").size(), doc.toString());
        // The person reading the log still gets the count on stderr.
        assertTrue(r.err.contains("14 errors; nothing was contacted or changed"), r.err);
    }

    @Test
    void dashOJsonAndOutputJsonAreTheSameAsJson() throws Exception {
        String json = CliRun.run(CliRun.pipeline(), "validate", "--json", fleet.toString()).out;
        CliRun shortForm = CliRun.run(CliRun.pipeline(), "validate", "-o", "json", fleet.toString());
        CliRun longForm = CliRun.run(CliRun.pipeline(), "validate", "--output=JSON", fleet.toString());
        assertEquals(0, shortForm.exit, shortForm.toString());
        assertEquals(json, shortForm.out);
        assertEquals(json, longForm.out);
        assertTrue(parse(shortForm).get("valid").asBoolean());
        CliRun text = CliRun.run(CliRun.pipeline(), "validate", "-o", "text", fleet.toString());
        assertTrue(text.out.startsWith(fleet + ": valid ("), text.out);
    }

    @Test
    void anUnknownOutputFormatIsBadUsage() {
        CliRun r = CliRun.run(CliRun.pipeline(), "validate", "-o", "yaml", fleet.toString());
        assertEquals(ExitCode.INVALID_INPUT, r.exit, r.toString());
        assertTrue(r.err.contains("'yaml' is not an output format; write text or json"), r.err);
    }

    @Test
    void aCommandFailingOnItsSpecWithJsonPrintsTheDiagnosticsAsJson() throws Exception {
        CliRun r = CliRun.run(CliRun.pipeline(), "verify", "--json", invalid.toString());
        assertEquals(ExitCode.INVALID_INPUT, r.exit, r.toString());
        JsonNode doc = parse(r);
        assertFalse(doc.get("valid").asBoolean());
        assertEquals(14, doc.get("diagnostics").size());
        assertEquals(17, doc.get("diagnostics").get(1).get("line").asInt());
        assertFalse(r.err.contains("\"diagnostics\""), "stderr keeps the text: " + r.err);
        assertTrue(r.err.contains("14 errors; nothing was contacted or changed"), r.err);
    }

    @Test
    void aProblemWithoutAPositionHasNullLineAndColumn() throws Exception {
        CliRun r = CliRun.run(CliRun.pipeline(), "validate", "--json", dir.resolve("missing.yaml").toString());
        JsonNode d = parse(r).get("diagnostics").get(0);
        assertTrue(d.get("line").isNull(), d.toString());
        assertTrue(d.get("column").isNull(), d.toString());
        assertEquals("no such file", d.get("message").asText());
    }

    @Test
    void verifyJsonIsTheJsonReportOnStdout() throws Exception {
        Path spec = dir.resolve("unverifiable.yaml");
        Path file = dir.resolve("report.json");
        CliRun r = CliRun.run(CliRun.pipeline(), "verify", "--json", "--report", "json=" + file, spec.toString());
        assertEquals(ExitCode.VERIFICATION_FAILED, r.exit, r.toString());
        JsonNode doc = parse(r);
        JsonNode saved = JSON.readTree(file.toFile());
        assertEquals(1, doc.get("reportVersion").asInt());
        assertEquals(saved.get("vms"), doc.get("vms"));
        assertEquals(saved.get("summary"), doc.get("summary"));
        assertEquals("vdi-01", doc.get("vms").get(0).get("vm").asText());
        assertFalse(doc.get("summary").get("passed").asBoolean());
        assertTrue(r.err.contains("Wrote report"), "messages stay on stderr: " + r.err);
    }

    @Test
    void sizesJsonListsCandidatesAndEveryRejectionWithItsCause() throws Exception {
        Path lab = dir.resolve("lab.yaml");
        Files.copy(Path.of("samples/lab.yaml"), lab);
        Files.copy(Path.of("samples/lab-azure-admin-password.txt"), dir.resolve("lab-azure-admin-password.txt"));
        Map<String, String> env = Map.of("CI", "true", "PROVISION_CACHE_DIR", dir.resolve("cache").toString());
        Context context = new Context(env, null, specDir -> Providers.standard(specDir, env));
        CliRun r = CliRun.run(context, "sizes", "--spec", lab.toString(), "--target", "azure-rehearsal", "--json");
        assertEquals(ExitCode.OK, r.exit, r.toString());
        JsonNode doc = parse(r);
        assertEquals("eastus2", doc.get("location").asText());
        assertEquals(4, doc.get("request").get("minVcpus").asInt());
        JsonNode best = doc.get("candidates").get(0);
        assertTrue(best.get("vcpus").asInt() >= 4, best.toString());
        assertTrue(best.get("memoryGiB").asDouble() >= 16, best.toString());
        assertTrue(doc.get("nothingQualifies").isNull());
        CliRun text = CliRun.run(context, "sizes", "--spec", lab.toString(), "--target", "azure-rehearsal");
        // Every rejection is in the JSON, also those the text only counts without --all.
        assertTrue(text.out.contains("Not chosen (" + doc.get("rejections").size() + "):"), text.out);
        boolean sawTooSmall = false;
        for (JsonNode rejection : doc.get("rejections")) {
            assertFalse(rejection.get("reason").asText().isBlank(), rejection.toString());
            sawTooSmall |= rejection.get("cause").asText().equals("too_small")
                    && rejection.get("size").asText().equals("Standard_D2s_v5");
        }
        assertTrue(sawTooSmall, "Standard_D2s_v5 is rejected as too small: " + doc.get("rejections"));
    }
}
