package dev.provision.guest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The largest document each script can print must fit Run Command's 4,096-byte window. The limits come from the
 * scripts' own $Limit tables; the shape (which keys, how many list items) from a complete realistic output,
 * checked against the keys the script writes.
 */
class ProbeSizeTest {
    private static final Pattern LIMIT_TABLE = Pattern.compile("\\$Limit = @\\{([^}]*)}");
    private static final Pattern LIMIT = Pattern.compile("(\\w+)\\s*=\\s*(\\d+)");
    private static final Pattern DOC_LITERAL = Pattern.compile("(?s)\\$doc = \\[ordered]@\\{(.*?)\\n}");
    private static final Pattern NESTED_LITERAL = Pattern.compile("(?s)\\$doc\\.(\\w+) = \\[ordered]@\\{(.*?)}");
    private static final Pattern KEY = Pattern.compile("(?:^|[;{\\s])(\\w+)\\s*=\\s");
    private static final Pattern SECTION = Pattern.compile("(?m)^Invoke-Section '(\\w+)'");
    private static final Pattern REBOOT_REASON = Pattern.compile("\\$reasons \\+= '");
    /** A table of markers: {@code $PlatformMarkers = [ordered]@{ name = 'kind', 'pattern' ... }}. */
    private static final Pattern MARKER_TABLE = Pattern.compile("(?s)\\$(\\w+)Markers = \\[ordered]@\\{(.*?)\\n}");
    private static final Pattern MARKER_NAME = Pattern.compile("(?m)^\\s+(\\w+)\\s+=\\s'");
    /** A marker the script adds outside its tables, e.g. {@code $markers += 'aztag'}. */
    private static final Pattern EXTRA_MARKER = Pattern.compile("\\$markers \\+= '(\\w+)'");
    /** Texts the scripts write as constants, never from the guest. */
    private static final Set<String> CONSTANTS = Set.of("probe", "part");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParameterizedTest
    @CsvSource({"SYSTEM, system-win11-healthy.json", "USER, user-wsl2-kernel.json"})
    void theWorstCaseDocumentFitsRunCommandsOutputWindow(ProbePart part, String completeOutput) throws Exception {
        String script = ProbeScripts.text(part);
        Map<String, Integer> limits = limits(script);
        JsonNode shape = MAPPER.readTree(Fixtures.probeOutput(completeOutput));
        assertEquals(keysTheScriptWrites(script), keysOf(shape, ""), part + ": the complete output has the "
                + "script's keys, no more, no less");

        ObjectNode worst = (ObjectNode) inflate(shape, null, limits);
        ArrayNode errors = worst.putArray("errors");
        Matcher sections = SECTION.matcher(script);
        while (sections.find()) {
            errors.add("e".repeat(limits.get("errors")));
        }
        if (part == ProbePart.SYSTEM) {
            ArrayNode reasons = worst.putArray("rebootReasons");
            for (Matcher m = REBOOT_REASON.matcher(script); m.find(); ) {
                reasons.add("r".repeat(limits.get("other")));
            }
            assertEquals(1, reasons.size(), "servicing's RebootPending key, the one marker that counts");
            // HNS and vfpext, each absent or disabled.
            worst.putArray("hostServices").add("h".repeat(limits.get("other"))).add("h".repeat(limits.get("other")));
            Map<String, List<String>> markers = markerTables(script);
            assertEquals(Set.of("Platform", "Vdi"), markers.keySet(), "the script's marker tables");
            for (Matcher m = EXTRA_MARKER.matcher(script); m.find(); ) {
                markers.get("Platform").add(m.group(1));
            }
            assertEquals(10, markers.get("Platform").size(), "nine platform markers and Azure's asset tag");
            assertEquals(6, markers.get("Vdi").size(), "six VDI markers");
            for (Map.Entry<String, List<String>> table : markers.entrySet()) {
                ArrayNode found = ((ObjectNode) worst.get(table.getKey().toLowerCase())).putArray("markers");
                table.getValue().forEach(found::add);
            }
        }
        int bytes = MAPPER.writeValueAsString(worst).getBytes(StandardCharsets.UTF_8).length;
        System.out.println("worst-case probe document, " + part + " part: " + bytes + " bytes");
        assertTrue(bytes < ProbeDocument.RUN_COMMAND_OUTPUT_LIMIT, part + " can print " + bytes + " bytes");
        assertEquals(part, ProbeDocument.parse(MAPPER.writeValueAsString(worst)).part());
    }

    /** Every text at its limit (the script's escaping never exceeds it), every number at its widest. */
    private static JsonNode inflate(JsonNode node, String key, Map<String, Integer> limits) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (node.isObject()) {
            ObjectNode out = f.objectNode();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                out.set(e.getKey(), inflate(e.getValue(), e.getKey(), limits));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = f.arrayNode();
            node.forEach(item -> out.add(inflate(item, key, limits)));
            return out;
        }
        if (node.isTextual() && !CONSTANTS.contains(key) || node.isNull()) {
            return f.textNode("w".repeat(limits.getOrDefault(key, limits.get("other"))));
        }
        if (node.isInt()) {
            return key.equals("probeVersion") ? node : f.numberNode(Integer.MIN_VALUE);
        }
        return node.isBoolean() ? f.booleanNode(false) : node;
    }

    /** Every marker each table names: all of them found is the longest list the probe can print. */
    private static Map<String, List<String>> markerTables(String script) {
        Map<String, List<String>> out = new HashMap<>();
        for (Matcher table = MARKER_TABLE.matcher(script); table.find(); ) {
            List<String> names = new ArrayList<>();
            for (Matcher m = MARKER_NAME.matcher(table.group(2)); m.find(); ) {
                names.add(m.group(1));
            }
            out.put(table.group(1), names);
        }
        return out;
    }

    private static Map<String, Integer> limits(String script) {
        Matcher table = LIMIT_TABLE.matcher(script);
        assertTrue(table.find(), "the script has a $Limit table");
        Map<String, Integer> out = new HashMap<>();
        for (Matcher m = LIMIT.matcher(table.group(1)); m.find(); ) {
            out.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        assertTrue(out.containsKey("other") && out.containsKey("errors"), "limits for the rest and for errors");
        return out;
    }

    /** Keys as paths (wsl.versionText), from the $doc literal and the literals assigned to its fields. */
    private static Set<String> keysTheScriptWrites(String script) {
        Set<String> keys = new TreeSet<>();
        Matcher doc = DOC_LITERAL.matcher(script);
        assertTrue(doc.find(), "the script builds $doc in one literal");
        for (Matcher k = KEY.matcher(doc.group(1)); k.find(); ) {
            keys.add(k.group(1));
        }
        for (Matcher nested = NESTED_LITERAL.matcher(script); nested.find(); ) {
            for (Matcher k = KEY.matcher(nested.group(2)); k.find(); ) {
                keys.add(nested.group(1) + "." + k.group(1));
            }
        }
        if (script.contains("$doc.features[$feature]")) {
            Matcher names = Pattern.compile("(?s)\\$FeatureNames = \\[ordered]@\\{(.*?)\\n}").matcher(script);
            assertTrue(names.find());
            for (Matcher k = Pattern.compile("'([\\w-]+)'\\s*=").matcher(names.group(1)); k.find(); ) {
                keys.add("features." + k.group(1));
            }
        }
        return keys;
    }

    private static Set<String> keysOf(JsonNode node, String prefix) {
        Set<String> keys = new TreeSet<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            keys.add(prefix + e.getKey());
            if (e.getValue().isObject() && prefix.isEmpty()) {
                keys.addAll(keysOf(e.getValue(), e.getKey() + "."));
            }
        }
        return keys;
    }
}
