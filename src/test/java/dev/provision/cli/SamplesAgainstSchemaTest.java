package dev.provision.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The samples pass the shipped JSON Schema also when read the way YAML 1.1 tools read them (PyYAML, Ansible, the
 * YAML language server in its 1.1 mode): there an unquoted {@code on} is the boolean true, {@code 0777} an octal
 * number, {@code 1:30} a base-60 number. SnakeYAML implements YAML 1.1 (snakeyaml-engine is the 1.2 one) and its
 * default Resolver is the 1.1 one, so loading with a plain SafeConstructor gives what those tools see. provision's loader keeps the text of
 * every scalar, so it accepts such values either way; the samples are what people copy, so they quote them.
 */
class SamplesAgainstSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<Path> samples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("samples"))) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static JsonNode schema() throws IOException {
        CliRun r = CliRun.run(CliRun.pipeline(), "schema");
        assertEquals(0, r.exit, r.toString());
        return JSON.readTree(r.out);
    }

    /** The document as a YAML 1.1 tool builds it: booleans, numbers and strings by YAML 1.1's implicit rules. */
    private static JsonNode asYaml11(Path file) throws IOException {
        Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        return JSON.valueToTree(doc);
    }

    @Test
    void everySampleReadAsYaml11PassesTheShippedSchema() throws Exception {
        SchemaSubset schema = new SchemaSubset(schema());
        List<Path> samples = samples();
        assertTrue(samples.size() >= 4, "samples found: " + samples);
        for (Path sample : samples) {
            List<String> errors = schema.check(asYaml11(sample));
            assertEquals(List.of(), errors, sample + " read as YAML 1.1");
            assertEquals(0, CliRun.run(CliRun.pipeline(), "validate", sample.toString()).exit, sample.toString());
        }
    }

    @Test
    void theCheckerSeesWhatPyYamlSeesInAnUnquotedOn() throws Exception {
        // The bug as reported: lab.yaml's power: on is true for YAML 1.1 and the schema wants "on" or "off".
        SchemaSubset schema = new SchemaSubset(schema());
        Path spec = Files.createTempFile("yaml11", ".yaml");
        try {
            Files.writeString(spec, "targets:\n  - name: lab\n    kind: lab\n    lab:\n      vms:\n"
                    + "        - {name: vdi-01, power: on}\n    vms:\n      - name: vdi-01\n");
            List<String> errors = schema.check(asYaml11(spec));
            assertFalse(errors.isEmpty());
            assertTrue(errors.stream().anyMatch(e -> e.contains("power: boolean true is not one of [\"on\",\"off\"]")),
                    errors.toString());
            Files.writeString(spec, Files.readString(spec).replace("power: on", "power: \"on\""));
            assertEquals(List.of(), schema.check(asYaml11(spec)));
        } finally {
            Files.delete(spec);
        }
    }
}
