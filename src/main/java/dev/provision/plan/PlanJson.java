package dev.provision.plan;

import dev.provision.model.Action;
import dev.provision.model.Blocked;
import dev.provision.model.Change;
import dev.provision.model.Disruption;
import dev.provision.model.PlanWarning;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provision.spec.Glob;
import dev.provision.spec.InvalidInputException;
import dev.provision.spec.Keyed;
import dev.provision.spec.PowerCyclePolicy;
import dev.provision.spec.SourceLocation;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The plan's JSON document, version 1. Other tools parse it, so its shape only ever grows:
 * {@code {"formatVersion":1,"changes":[{"target","vm","action","disruption","reasons","before","after"}],
 * "warnings":[..]}} plus the fields this class adds after those. A saved plan file is this same document.
 */
public final class PlanJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PlanJson() {}

    public static String write(Plan plan) {
        return text(document(plan));
    }

    /**
     * The document saved as {@code planFile}: besides the spec's path as it was given, the spec's path relative to
     * the plan file's folder and its absolute path, so the plan finds its spec from any working directory.
     */
    public static String save(Plan plan, Path planFile) {
        ObjectNode root = document(plan);
        Path spec = Path.of(plan.specPath()).toAbsolutePath().normalize();
        Path folder = planFile.toAbsolutePath().normalize().getParent();
        ObjectNode node = (ObjectNode) root.get("spec");
        if (folder != null && folder.getRoot().equals(spec.getRoot())) {
            node.put("relativeToPlan", folder.relativize(spec).toString().replace('\\', '/'));
        }
        node.put("absolutePath", spec.toString());
        return text(root);
    }

    private static ObjectNode document(Plan plan) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("formatVersion", plan.formatVersion());
        ArrayNode changes = root.putArray("changes");
        for (Change change : plan.changes()) {
            changes.add(writeChange(change));
        }
        ArrayNode warnings = root.putArray("warnings");
        for (PlanWarning w : plan.warnings()) {
            ObjectNode node = warnings.addObject();
            node.put("target", w.target());
            if (w.vm() != null) {
                node.put("vm", w.vm());
            }
            node.put("message", w.message());
        }
        // Counted as the text footer counts (PlanSummary): a held-back change only under refused or pending.
        PlanSummary counts = PlanSummary.of(plan);
        ObjectNode summary = root.putObject("summary");
        summary.put(Action.CREATE.key(), counts.create());
        summary.put(Action.UPDATE.key(), counts.update());
        summary.put(Action.REPLACE.key(), counts.replace());
        summary.put(Action.NO_OP.key(), counts.unchanged());
        summary.put("blocked", counts.blocked());
        summary.put("disruptive", counts.disruptive());
        summary.put("refused", counts.refused());
        summary.put("pending", counts.pending());
        root.put("createdAt", plan.createdAt().toString());
        ObjectNode spec = root.putObject("spec");
        spec.put("path", plan.specPath());
        spec.put("digest", plan.specDigest());
        if (!plan.environment().isEmpty()) {
            root.set("environment", MAPPER.valueToTree(plan.environment()));
        }
        if (!plan.selection().isAll()) {
            ObjectNode selection = root.putObject("selection");
            plan.selection().targets().forEach(selection.putArray("targets")::add);
            plan.selection().vms().forEach(selection.putArray("vms")::add);
        }
        return root;
    }

    private static String text(ObjectNode root) {
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a plan is always serialisable", e);
        }
    }

    private static ObjectNode writeChange(Change change) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("target", change.target());
        node.put("vm", change.vm());
        node.put("action", change.action().key());
        ArrayNode disruption = node.putArray("disruption");
        change.disruption().forEach(d -> disruption.add(d.key()));
        ArrayNode reasons = node.putArray("reasons");
        change.reasons().forEach(reasons::add);
        node.set("before", MAPPER.valueToTree(change.before()));
        node.set("after", MAPPER.valueToTree(change.after()));
        if (change.blocked() != null) {
            ObjectNode blocked = node.putObject("blocked");
            blocked.put("kind", change.blocked().kind().key());
            blocked.put("reason", change.blocked().reason());
        }
        node.put("powerCycle", change.powerCycle().key());
        node.put("shutdownTimeoutSeconds", change.shutdownTimeout().getSeconds());
        if (!change.enableFeatures().isEmpty()) {
            ArrayNode features = node.putArray("enableFeatures");
            change.enableFeatures().forEach(features::add);
        }
        if (change.featuresAfterCreate()) {
            // Only when set, so plans without it read as before; an older reader ignores it (fields only grow).
            node.put("featuresAfterCreate", true);
        }
        return node;
    }

    /** Reads a saved plan; anything malformed is the user's input problem, reported against {@code file}. */
    public static Plan read(String json, String file) throws InvalidInputException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new InvalidInputException(new SourceLocation(file, at == null ? 0 : at.getLineNr(),
                    at == null ? 0 : at.getColumnNr()), "not a plan file: " + e.getOriginalMessage());
        }
        SourceLocation where = new SourceLocation(file, 0, 0);
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(where, "not a plan file: expected a JSON object");
        }
        int version = root.path("formatVersion").asInt(-1);
        if (version != Plan.FORMAT_VERSION) {
            throw new InvalidInputException(where, "plan formatVersion " + root.path("formatVersion")
                    + " is not supported; this provision reads version " + Plan.FORMAT_VERSION);
        }
        try {
            List<Change> changes = new ArrayList<>();
            for (JsonNode c : required(root, "changes")) {
                changes.add(readChange(c));
            }
            List<PlanWarning> warnings = new ArrayList<>();
            for (JsonNode w : root.path("warnings")) {
                warnings.add(new PlanWarning(w.path("target").asText(), w.hasNonNull("vm") ? w.get("vm").asText()
                        : null, w.path("message").asText()));
            }
            JsonNode spec = required(root, "spec");
            return new Plan(version, Instant.parse(required(root, "createdAt").asText()),
                    specPath(required(spec, "path").asText()), required(spec, "digest").asText(), changes, warnings,
                    selection(root.path("selection")), environment(root.path("environment")));
        } catch (RuntimeException e) {
            throw new InvalidInputException(where, "not a valid plan file: " + e.getMessage());
        }
    }

    /** Target to (field to variable name); absent in plans made without any. */
    private static Map<String, Map<String, String>> environment(JsonNode node) {
        Map<String, Map<String, String>> out = new java.util.LinkedHashMap<>();
        node.fields().forEachRemaining(target -> {
            Map<String, String> fields = new java.util.LinkedHashMap<>();
            target.getValue().fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue().asText()));
            out.put(target.getKey(), fields);
        });
        return out;
    }

    /** No {@code selection} (a plan over the whole spec, or one saved before selections existed): everything. */
    private static Selection selection(JsonNode node) {
        List<String> targets = new ArrayList<>();
        node.path("targets").forEach(t -> targets.add(t.asText()));
        List<String> vms = new ArrayList<>();
        node.path("vms").forEach(v -> vms.add(Glob.compile(v.asText()).toString()));
        return new Selection(targets, vms);
    }

    /** apply opens the spec the plan names: a name no file system accepts (a NUL in it) is the plan's fault. */
    private static String specPath(String path) {
        try {
            Path.of(path);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("its spec path is not a path on this system");
        }
        return path;
    }

    private static Change readChange(JsonNode c) {
        List<Disruption> disruption = new ArrayList<>();
        required(c, "disruption").forEach(d -> disruption.add(word(Disruption.class, "disruption", d.asText())));
        List<String> reasons = new ArrayList<>();
        required(c, "reasons").forEach(r -> reasons.add(r.asText()));
        Blocked blocked = c.hasNonNull("blocked")
                ? new Blocked(word(Blocked.Kind.class, "blocked kind", c.get("blocked").path("kind").asText()),
                c.get("blocked").path("reason").asText())
                : null;
        PowerCyclePolicy policy = word(PowerCyclePolicy.class, "powerCycle", required(c, "powerCycle").asText());
        List<String> features = new ArrayList<>();
        c.path("enableFeatures").forEach(f -> features.add(f.asText()));
        return new Change(required(c, "target").asText(), required(c, "vm").asText(),
                word(Action.class, "action", required(c, "action").asText()), disruption, reasons,
                values(required(c, "before")), values(required(c, "after")), blocked, policy,
                Duration.ofSeconds(required(c, "shutdownTimeoutSeconds").asLong()), features,
                c.path("featuresAfterCreate").asBoolean(false));
    }

    /** A word of the plan format; an unknown one makes the file invalid (reported by {@link #read}). */
    private static <E extends Enum<E> & Keyed> E word(Class<E> type, String what, String text) {
        return Keyed.lookup(type, text)
                .orElseThrow(() -> new IllegalArgumentException("unknown " + what + " '" + text + "'"));
    }

    private static Map<String, Object> values(JsonNode object) {
        Map<String, Object> out = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode v = f.getValue();
            out.put(f.getKey(), v.isBoolean() ? (Object) v.asBoolean() : v.isNumber() ? (Object) v.numberValue()
                    : v.asText());
        }
        return out;
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return value;
    }
}
