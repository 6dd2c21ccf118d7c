package dev.provision.guest;

import dev.provision.spec.Keyed;
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
        try (JsonParser parser = MAPPER.getFactory().createParser(text.substring(start))) {
            return document(parser);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /**
     * Reads every probe document in a text, in order: what a person gives back after running both parts into one
     * file. Noise between documents is ignored; a document that is cut off or malformed is an error, not skipped.
     */
    public static List<ProbeDocument> parseAll(byte[] output) throws ProbeOutputException {
        String text = WslText.decode(output);
        List<ProbeDocument> documents = new ArrayList<>();
        Matcher start = START.matcher(text);
        int from = 0;
        while (from < text.length() && start.find(from)) {
            try (JsonParser parser = MAPPER.getFactory().createParser(text.substring(start.start()))) {
                documents.add(document(parser));
                from = start.start() + Math.max(1, (int) parser.currentLocation().getCharOffset());
            } catch (IOException e) {
                throw unreadable(e);
            }
        }
        if (documents.isEmpty()) {
            throw missing(text);
        }
        return documents;
    }

    /** Reads one JSON value from the parser and checks that it is a probe document this build reads. */
    private static ProbeDocument document(JsonParser parser) throws IOException, ProbeOutputException {
        JsonNode json = MAPPER.readTree(parser);
        if (json == null || !PROBE.equals(json.path("probe").asText(null))) {
            throw new ProbeOutputException(ProbeOutputException.Reason.UNSUPPORTED, "unknown probe '"
                    + oneLine(json == null ? "" : json.path("probe").asText(), 40) + "': expected '" + PROBE + "'");
        }
        JsonNode version = json.path("probeVersion");
        if (!version.isInt() || version.intValue() != VERSION) {
            throw new ProbeOutputException(ProbeOutputException.Reason.UNSUPPORTED, "probe version "
                    + oneLine(version.toString(), 20) + " is not one this build reads (" + VERSION
                    + "): use the probe scripts shipped with this build of provision");
        }
        ProbePart part = Keyed.lookup(ProbePart.class, json.path("part").asText("")).orElseThrow(() ->
                new ProbeOutputException(ProbeOutputException.Reason.UNSUPPORTED, "unknown probe part "
                        + oneLine(json.path("part").toString(), 20) + ": expected \"system\" or \"user\""));
        return new ProbeDocument(part, json);
    }

    private static ProbeOutputException unreadable(IOException e) {
        if (e instanceof JsonProcessingException json) {
            String at = json.getLocation() == null ? "" : " at character " + json.getLocation().getCharOffset();
            return new ProbeOutputException(ProbeOutputException.Reason.MALFORMED, "the probe's JSON is malformed"
                    + at + ": " + oneLine(json.getOriginalMessage(), 120));
        }
        return new ProbeOutputException(ProbeOutputException.Reason.MALFORMED, "cannot read the probe's JSON: "
                + oneLine(e.getMessage(), 120));
    }

    /**
     * The facts of the documents a person gave back: exactly one system part, and at most one user part.
     *
     * @throws ProbeOutputException when the system part is missing or a part is there twice
     */
    public static GuestFacts facts(List<ProbeDocument> documents) throws ProbeOutputException {
        ProbeDocument system = only(documents, ProbePart.SYSTEM);
        if (system == null) {
            throw new ProbeOutputException(ProbeOutputException.Reason.NO_DOCUMENT, "no system part of the probe "
                    + "in the input: give the output of " + ProbePart.SYSTEM.script() + " too");
        }
        return facts(system, only(documents, ProbePart.USER));
    }

    private static ProbeDocument only(List<ProbeDocument> documents, ProbePart part) throws ProbeOutputException {
        List<ProbeDocument> found = documents.stream().filter(d -> d.part == part).toList();
        if (found.size() > 1) {
            throw new ProbeOutputException(ProbeOutputException.Reason.MALFORMED, found.size() + " " + part.key()
                    + " parts of the probe in the input: give one output of each part, from one machine");
        }
        return found.isEmpty() ? null : found.get(0);
    }

    public ProbePart part() {
        return part;
    }

    /** The computer name the system part reports; null in the user part or when not reported. */
    public String computer() {
        return text(json, "computer");
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
                text(s, "vmcompute"), reasons.isArray() ? servicingRebootPending(reasons) : null,
                wslVersion(s.path("wsl")),
                user == null ? null : distroBoot(user), dockerDesktop(s.path("dockerDesktop")), system.errors(),
                platform(s.path("platform")), vdi(s.path("vdi")), text(s.path("wsl"), "exe"),
                s.path("hostServices").isArray() ? texts(s.path("hostServices")) : null);
    }

    /**
     * Only Component Based Servicing's RebootPending key means a feature waits for a restart. Markers that earlier
     * probes also reported (PendingFileRenameOperations, which antivirus and installers keep filled, choco#1768;
     * Windows Update's RebootRequired) are not counted.
     */
    private static boolean servicingRebootPending(JsonNode reasons) {
        for (JsonNode reason : reasons) {
            if ("ComponentBasedServicing".equals(reason.asText())) {
                return true;
            }
        }
        return false;
    }

    private static PlatformFacts platform(JsonNode p) {
        if (!p.isObject()) {
            return null;
        }
        JsonNode present = p.path("hypervisorPresent");
        return new PlatformFacts(text(p, "manufacturer"), text(p, "model"), text(p, "biosVendor"),
                text(p, "biosVersion"), present.isBoolean() ? present.booleanValue() : null, texts(p.path("markers")));
    }

    private static VdiFacts vdi(JsonNode v) {
        return v.isObject() ? new VdiFacts(texts(v.path("markers")), integer(v, "pvsWriteCacheType"),
                integer(v, "dockerUsers")) : null;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : array) {
            if (item.isTextual() && !item.asText().isBlank()) {
                out.add(item.asText());
            }
        }
        return out;
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
        // stdout: the release, or wsl.exe's own error; stderr: its 'wsl: ...' warnings, which are evidence, not
        // a failure (a probe before the streams were kept apart has no stderr).
        String output = text(u, "output");
        String stderr = text(u, "stderr");
        String exe = text(u, "wslExe");
        String release = firstLine(output);
        if (exit != null && exit == 0 && release != null && KERNEL_RELEASE.matcher(release).matches()) {
            return new GuestFacts.DistroBoot(distro, release, null, exe, stderr);
        }
        String error;
        if (output != null) {
            error = exit != null && exit == 0 ? "uname -r printed '" + output + "'" : output;
        } else if (stderr != null && (exit == null || exit != 0)) {
            error = stderr;
        } else if (!user.errors().isEmpty()) {
            error = String.join("; ", user.errors());
        } else if (exit != null) {
            error = "wsl.exe exited with code " + exit + " and printed nothing";
        } else {
            error = "the user part of the probe reported no boot attempt";
        }
        return new GuestFacts.DistroBoot(distro, null, error, exe, error.equals(stderr) ? null : stderr);
    }

    /**
     * The first non-empty line of a text the probe wrote: it joins lines with a space, so the first word. A kernel
     * release is one word.
     */
    private static String firstLine(String text) {
        return text == null ? null : text.strip().split("\\s+", 2)[0];
    }

    /** A field's text; null when absent, null or blank (PowerShell's [string] of nothing is ""). */
    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isValueNode() && !v.isNull() && !v.asText().isBlank() ? v.asText() : null;
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
                    + "'): it was cut, as Azure Run Command cuts output to its last " + RUN_COMMAND_OUTPUT_LIMIT
                    + " bytes");
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
