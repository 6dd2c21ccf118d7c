package dev.provision.guest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What self-test.ps1 writes (self-test.json), read as a test fixture: a recording from a real Windows dropped into
 * src/test/resources/guest/self-test/, or a file assembled from documented outputs, which must then name its
 * sources. The shape is described in that folder's README.md; {@link #parse} refuses a file that strays from it,
 * so a fixture cannot silently lose the fields a test relies on.
 */
final class SelfTestRecording {
    static final String FOLDER = "/guest/self-test/";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> ORIGINS = Set.of("recorded", "assembled");
    private static final Set<String> ACCOUNTS = Set.of("user", "system");
    static final List<String> TOP = List.of("selfTest", "selfTestVersion", "origin", "recordedAt", "session",
            "steps", "wsl", "system");
    static final List<String> STEP = List.of("name", "as", "path", "arguments", "environment",
            "timeoutSeconds", "started", "timedOut", "exitCode", "millis", "stdout", "stderr", "error", "win32Error");
    static final List<String> STREAM = List.of("length", "base64", "encoding", "text");

    private final String origin;
    private final List<Step> steps;

    private SelfTestRecording(String origin, List<Step> steps) {
        this.origin = origin;
        this.steps = steps;
    }

    /** A fixture under {@value #FOLDER}, by file name. */
    static SelfTestRecording load(String name) {
        try (InputStream in = SelfTestRecording.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no self-test fixture " + FOLDER + name);
            }
            return parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IllegalArgumentException naming the first field that is missing or wrong */
    static SelfTestRecording parse(byte[] json) throws IOException {
        JsonNode root = MAPPER.readTree(json);
        require(root, "", TOP);
        check("provision".equals(root.path("selfTest").asText()), "selfTest is not 'provision'");
        check(root.path("selfTestVersion").asInt() == 1, "selfTestVersion " + root.path("selfTestVersion")
                + " is not 1, the only version this reader knows");
        String origin = root.path("origin").asText();
        check(ORIGINS.contains(origin), "origin '" + origin + "' is neither 'recorded' nor 'assembled'");
        boolean assembled = "assembled".equals(origin);
        if (assembled) {
            check(root.path("sources").isArray() && !root.path("sources").isEmpty(),
                    "an assembled file names its sources in 'sources'");
        }
        check(root.path("steps").isArray(), "steps is not an array");
        List<Step> steps = new ArrayList<>();
        for (JsonNode step : root.path("steps")) {
            steps.add(step(step, assembled));
        }
        return new SelfTestRecording(origin, List.copyOf(steps));
    }

    private static Step step(JsonNode step, boolean assembled) {
        String at = "step '" + step.path("name").asText() + "' as " + step.path("as").asText();
        require(step, at + ": ", STEP);
        check(ACCOUNTS.contains(step.path("as").asText()), at + ": 'as' is neither 'user' nor 'system'");
        check(!assembled || step.path("source").isTextual(), at + ": an assembled step names its 'source'");
        boolean timedOut = step.path("timedOut").asBoolean();
        Integer exit = step.path("exitCode").isNull() ? null : step.path("exitCode").asInt();
        check(!(timedOut && exit != null), at + ": a step that timed out has no exit code");
        return new Step(step.path("name").asText(), step.path("as").asText(), step.path("started").asBoolean(),
                timedOut, exit, text(step.path("error")), stream(step.path("stdout"), at + " stdout"),
                stream(step.path("stderr"), at + " stderr"), step.path("environment"));
    }

    /** A stream's bytes; their length and decoded text must agree with what the file says of them. */
    private static Stream stream(JsonNode node, String at) {
        if (node.isNull()) {
            return null;
        }
        require(node, at + ": ", STREAM);
        byte[] bytes = Base64.getDecoder().decode(node.path("base64").asText());
        check(bytes.length == node.path("length").asInt(), at + ": base64 holds " + bytes.length + " bytes, length "
                + "says " + node.path("length").asInt());
        return new Stream(bytes, node.path("encoding").asText(), node.path("text").asText());
    }

    private static void require(JsonNode node, String at, List<String> fields) {
        check(node.isObject(), at + "not an object");
        for (String field : fields) {
            check(node.has(field), at + "no field '" + field + "'");
        }
    }

    private static void check(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(problem);
        }
    }

    private static String text(JsonNode node) {
        return node.isNull() ? null : node.asText();
    }

    String origin() {
        return origin;
    }

    List<Step> steps() {
        return steps;
    }

    /** The step of that name run as that account ("user" or "system"), when the file has it. */
    Optional<Step> step(String name, String as) {
        return steps.stream().filter(s -> s.name().equals(name) && s.as().equals(as)).findFirst();
    }

    /** One program run: stdout and stderr apart, each null when the program never started. */
    record Step(String name, String as, boolean started, boolean timedOut, Integer exitCode, String error,
            Stream stdout, Stream stderr, JsonNode environment) {
        /** The value the step set for a variable; null when it removed it or left it alone. */
        String environment(String variable) {
            JsonNode v = environment.path(variable);
            return v.isTextual() ? v.asText() : null;
        }
    }

    /** The exact bytes a program wrote, with the text self-test.ps1 decoded them to and how. */
    record Stream(byte[] bytes, String encoding, String text) {}
}
