package dev.provision.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The schema describes exactly the keys the loader accepts, and the copy under samples/ is the generated one.
 * To refresh the copy after changing {@link SpecKeys}: {@code mvn -B test -Dprovision.updateSchema=true}.
 */
class SpecSchemaTest {
    static final Path COPY = Path.of("samples/provision-spec.schema.json");

    @Test
    void samplesCopyIsTheGeneratedSchema() throws Exception {
        String generated = SpecSchema.json();
        if (Boolean.getBoolean("provision.updateSchema")) {
            Files.writeString(COPY, generated, StandardCharsets.UTF_8);
        }
        assertEquals(generated, Files.readString(COPY, StandardCharsets.UTF_8),
                COPY + " is stale; run mvn -B test -Dprovision.updateSchema=true");
    }

    @Test
    void everyTableAndKeyIsInTheSchemaAndNothingElse() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(SpecSchema.json());
        assertEquals("https://json-schema.org/draft/2020-12/schema", schema.get("$schema").asText());
        for (KeyTable table : SpecKeys.ALL) {
            if (table == SpecKeys.PROFILE) {
                continue; // profiles are not specs; the spec schema has no place for them
            }
            JsonNode object = table == SpecKeys.SPEC ? schema : schema.get("$defs").get(table.id());
            assertNotNull(object, "no $defs entry for " + table.id());
            assertEquals(table.names(), names(object.get("properties")), table.id());
            assertFalse(object.get("additionalProperties").asBoolean(), table.id() + " is closed");
            for (SpecKey k : table.keys()) {
                JsonNode p = object.get("properties").get(k.name());
                assertFalse(p.get("description").asText().isBlank(), table.id() + "." + k.name());
                if (k.type() == ValueType.ENUM) {
                    assertEquals(k.values(), texts(p.get("enum")), table.id() + "." + k.name());
                }
            }
            List<String> required = object.has("required") ? texts(object.get("required")) : List.of();
            assertEquals(table.keys().stream().filter(SpecKey::required).map(SpecKey::name).toList(), required,
                    table.id() + " required");
        }
    }

    @Test
    void enumsComeFromTheModelsOwnWords() throws Exception {
        JsonNode defs = new ObjectMapper().readTree(SpecSchema.json()).get("$defs");
        assertEquals(List.of("azure", "vsphere", "lab"), texts(defs.get("target").get("properties").get("kind")
                .get("enum")));
        assertEquals(List.of("never", "graceful", "force"), texts(defs.get("desired").get("properties")
                .get("powerCycle").get("enum")));
        assertEquals(List.of("hyperv", "virtual-machine-platform", "wsl", "wsl2-boot", "windows-edition", "platform",
                "vdi"),
                texts(defs.get("guest").get("properties").get("checks").get("items").get("enum")));
    }

    @Test
    void patternsInTheSchemaAgreeWithTheLoader() {
        for (var c : Map.of(SpecKeys.GUID, "0b1f6471-1bf0-4dda-aec3-cb9272f09590",
                SpecKeys.SHA256_THUMBPRINT, "AB".repeat(32),
                SpecKeys.DURATION_TEXT, "1h30m",
                SpecKeys.SECRET_REF, "${env:VSPHERE_PASSWORD}").entrySet()) {
            assertTrue(c.getValue().matches(c.getKey()), c.getValue());
        }
        assertTrue(("AB:".repeat(31) + "AB").matches(SpecKeys.SHA256_THUMBPRINT));
        assertFalse(("AB:".repeat(19) + "AB").matches(SpecKeys.SHA256_THUMBPRINT), "SHA-1 is not enough");
        assertTrue("PT90S".matches(SpecKeys.DURATION_TEXT));
        assertFalse("${vault:x}".matches(SpecKeys.SECRET_REF));
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
