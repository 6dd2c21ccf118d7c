package dev.provision.guest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One part of the guest probe's output, as the scripts under {@code guest/} print it: a single JSON object
 * {@code {"probe":"provision","probeVersion":1,"part":"system"|"user",...}}. Reading is tolerant of missing fields
 * (they become null, "not observed") and of noise around the document, and strict about what it cannot read.
 */
public final class ProbeDocument {
    public static final String PROBE = "provision";
    public static final int VERSION = 1;
    /** Azure Run Command returns only the last 4,096 bytes of a script's output. */
    public static final int RUN_COMMAND_OUTPUT_LIMIT = 4096;

    /** The document's first key: it is the first thing a truncation cuts off. */
    private static final Pattern START = Pattern.compile("\\{\\s*\"probe\"\\s*:");
    /** Both parts end with their errors list: a tail that survived a cut, even with stderr's text after it. */
    private static final Pattern TAIL = Pattern.compile("\"errors\"\\s*:\\s*\\[[^\\[]*]\\s*}");
    /** uname -r prints one token such as 5.15.167.4-microsoft-standard-WSL2. */
    private static final Pattern KERNEL_RELEASE = Pattern.compile("\\d+\\.\\d+[\\w.+~-]*");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ProbePart part;
    private final JsonNode json;

    private ProbeDocument(ProbePart part, JsonNode json) {
        this.part = part;
        this.json = json;
    }

    /** Reads bytes fetched from the guest (a file written by the probe), decoded as {@link WslText} does. */
    public static ProbeDocument parse(byte[] output) throws ProbeOutputException {
        return parse(WslText.decode(output));
    }

    /**
     * Finds and reads the probe document in a script's output. Text before it (a banner, Run Command's
     * "Enable succeeded: [stdout]") and after it ("[stderr]...") is ignored.
     */
    public static ProbeDocument parse(String output) throws ProbeOutputException {
        String text = output == null ? "" : output;
        int start = lastStart(text);
        if (start < 0) {
            throw missing(text);
        }
        JsonNode json;
        try (JsonParser parser = MAPPER.getFactory().createParser(text.substring(start))) {
            json = MAPPER.readTree(parser);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : " at character " + e.getLocation().getCharOffset();
            throw new ProbeOutputException(ProbeOutputException.Reason.MALFORMED, "the probe's JSON is malformed"
                    + at + ": " + oneLine(e.getOriginalMessage(), 120));
        } catch (IOException e) {
            throw new ProbeOutputException(ProbeOutputException.Reason.MALFORMED, "cannot read the probe's JSON: "
                    + oneLine(e.getMessage(), 120));
        }
        if (!PROBE.equals(json.path("probe").asText(null))) {
            throw new ProbeOutputException(ProbeOutputException.Reason.UNSUPPORTED, "unknown probe '"
                    + oneLine(json.path("probe").asText(), 40) + "': expected '" + PROBE + "'");
        }
        JsonNode version = json.path("probeVersion");
        if (!version.isInt() || version.intValue() != VERSION) {
            throw new ProbeOutputException(ProbeOutputException.Reason.UNSUPPORTED, "probe version "
                    + oneLine(version.toString(), 20) + " is not one this build reads (" + VERSION
                    + "): use the probe scripts shipped with this build of provision");
        }
        ProbePart part = ProbePart.fromKey(json.path("part").asText(""));
        if (part == null) {
            throw new ProbeOutputException(ProbeOutputException.Reason.UNSUPPORTED, "unknown probe part "
                    + oneLine(json.path("part").toString(), 20) + ": expected \"system\" or \"user\"");
        }
        return new ProbeDocument(part, json);
    }

    public ProbePart part() {
        return part;
    }

    /** The sections the probe could not read, one "section: message" each. */
    public List<String> errors() {
        List<String> out = new ArrayList<>();
        for (JsonNode e : json.path("errors")) {
            if (e.isTextual() && !e.asText().isBlank()) {
                out.add(e.asText());
            }
        }
        return out;
    }

    /**
     * Merges the two parts into what the verdict rules judge. The user part is null when no distro boot was
     * attempted; its errors become the boot's error, the system part's become {@link GuestFacts#probeErrors()}.
     */
    public static GuestFacts facts(ProbeDocument system, ProbeDocument user) {
        if (system == null || system.part != ProbePart.SYSTEM) {
            throw new IllegalArgumentException("the first document must be the probe's system part");
        }
        if (user != null && user.part != ProbePart.USER) {
            throw new IllegalArgumentException("the second document must be the probe's user part");
        }
        JsonNode s = system.json;
        Integer productType = integer(s, "productType");
        Map<String, FeatureState> features = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> f : s.path("features").properties()) {
            features.put(f.getKey(), FeatureState.parse(f.getValue().isNull() ? null : f.getValue().asText()));
        }
        JsonNode reasons = s.path("rebootReasons");
        return new GuestFacts(text(s, "caption"), text(s, "edition"), integer(s, "build"),
                productType == null ? null : productType != 1, features, text(s, "hypervisorLaunchType"),
                text(s, "vmcompute"), reasons.isArray() ? !reasons.isEmpty() : null, wslVersion(s.path("wsl")),
                user == null ? null : distroBoot(user), dockerDesktop(s.path("dockerDesktop")), system.errors());
    }

    private static String wslVersion(JsonNode wsl) {
        Integer exit = integer(wsl, "versionExit");
        return exit != null && exit == 0 ? WslText.wslVersion(text(wsl, "versionText")) : null;
    }

    private static String dockerDesktop(JsonNode docker) {
        return docker.path("installed").asBoolean(false) ? text(docker, "version") : null;
    }

    private static GuestFacts.DistroBoot distroBoot(ProbeDocument user) {
        JsonNode u = user.json;
        String distro = text(u, "distro");
        Integer exit = integer(u, "exitCode");
        String output = text(u, "output");
        if (exit != null && exit == 0 && output != null && KERNEL_RELEASE.matcher(output).matches()) {
            return new GuestFacts.DistroBoot(distro, output, null);
        }
        String error;
        if (output != null && !output.isBlank()) {
            error = exit != null && exit == 0 ? "uname -r printed '" + output + "'" : output;
        } else if (!user.errors().isEmpty()) {
            error = String.join("; ", user.errors());
        } else if (exit != null) {
            error = "wsl.exe exited with code " + exit + " and printed nothing";
        } else {
            error = "the user part of the probe reported no boot attempt";
        }
        return new GuestFacts.DistroBoot(distro, null, error);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isValueNode() && !v.isNull() ? v.asText() : null;
    }

    private static Integer integer(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isIntegralNumber() && v.canConvertToInt() ? v.intValue() : null;
    }

    private static int lastStart(String text) {
        Matcher m = START.matcher(text);
        int last = -1;
        while (m.find()) {
            last = m.start();
        }
        return last;
    }

    /**
     * No document start. When what arrived holds the tail of one, Run Command cut it: it keeps the last 4,096
     * bytes, so a document followed by too much output loses its beginning.
     */
    private static ProbeOutputException missing(String text) {
        String trimmed = text.strip();
        if (TAIL.matcher(trimmed).find() || trimmed.endsWith("}") && trimmed.contains("\":")) {
            return new ProbeOutputException(ProbeOutputException.Reason.TRUNCATED, "the probe's output lost its "
                    + "beginning (" + trimmed.length() + " characters arrived, starting '" + oneLine(trimmed, 40)
                    + "'): Azure Run Command keeps only the last " + RUN_COMMAND_OUTPUT_LIMIT + " bytes of output");
        }
        return new ProbeOutputException(ProbeOutputException.Reason.NO_DOCUMENT, trimmed.isEmpty()
                ? "the probe printed nothing" : "the probe printed no probe document; its output began '"
                + oneLine(trimmed, 80) + "'");
    }

    /** A short single-line excerpt for messages: control characters and line breaks become spaces. */
    private static String oneLine(String text, int max) {
        if (text == null) {
            return "";
        }
        String flat = text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        return flat.length() <= max ? flat : flat.substring(0, max) + "...";
    }
}
