package dev.provision.guest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * The probe scripts' text, and the same text made ready for each way into a guest. Every method is a pure
 * function of its arguments: the same inputs give the same bytes, so a probe can be rerun or compared.
 */
public final class ProbeScripts {
    /** Windows PowerShell 5.1, present on every Windows this tool supports; guest operations need a full path. */
    public static final String POWERSHELL = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe";
    /** WSL's rule for distro names; probe-user.ps1 checks the same. */
    private static final Pattern DISTRO_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** Runs both parts on a desktop and writes their output to probe.json, for a person to hand back. */
    public static final String RUNNER = "run-probe.ps1";
    private static final Map<ProbePart, String> TEXTS = new EnumMap<>(ProbePart.class);
    /** The helpers both probe parts share, kept once in the build and spliced into each part at its marker. */
    static final String COMMON = "probe-common.ps1";
    /** The line of a probe part that {@link #COMMON} replaces. */
    static final String COMMON_MARKER = "# --- probe-common.ps1: provision splices the shared helpers in here when it "
            + "loads this script ---\n";

    private ProbeScripts() {}

    /**
     * The script as shipped, for a reviewer or a transport that passes parameters itself: self-contained, with the
     * shared helpers spliced in, since a guest gets one script and nothing beside it.
     */
    public static synchronized String text(ProbePart part) {
        return TEXTS.computeIfAbsent(part, p -> spliced(p.script()));
    }

    /** A probe part with {@link #COMMON} in place of its marker line, which it must hold exactly once. */
    static String spliced(String script) {
        String text = load(script);
        int at = text.indexOf(COMMON_MARKER);
        if (at < 0 || text.indexOf(COMMON_MARKER, at + 1) >= 0) {
            throw new IllegalStateException("the probe script /guest/" + script + " must hold the line '"
                    + COMMON_MARKER.strip() + "' once");
        }
        return text.substring(0, at) + load(COMMON) + text.substring(at + COMMON_MARKER.length());
    }

    /**
     * The scripts a desktop team reviews and runs on a desktop whose hypervisor provision cannot reach: both
     * parts and the runner, by file name, in the order to read them.
     */
    public static Map<String, String> forDesktop() {
        Map<String, String> files = new java.util.LinkedHashMap<>();
        files.put(RUNNER, load(RUNNER));
        for (ProbePart part : ProbePart.values()) {
            files.put(part.script(), text(part));
        }
        return files;
    }

    /**
     * One self-contained script for Azure Run Command (RunPowerShellScript; the user part needs Managed Run
     * Command's runAsUser). The distro is bound inside the script rather than passed as a Run Command parameter,
     * whose quoting on the guest's command line is not documented.
     *
     * @param distro the WSL distro to boot: required for {@link ProbePart#USER}, must be null for SYSTEM
     */
    public static String runCommandScript(ProbePart part, String distro) {
        if (part == ProbePart.SYSTEM) {
            if (distro != null) {
                throw new IllegalArgumentException("the system part of the probe takes no distro");
            }
            return text(part);
        }
        return "& {\n" + text(part) + "\n} -Distro " + quote(checkedDistro(distro)) + "\n";
    }

    /**
     * Arguments for {@link #POWERSHELL} started through VMware guest operations, which return no output: the probe's
     * output (and any error PowerShell prints) is written to {@code outputPath} in the guest, to be fetched and read
     * with {@link ProbeDocument#parse(byte[])}. The command travels as -EncodedCommand, so the guest's command-line
     * quoting is never involved, and carries the script gzip-compressed: uncompressed, the system part alone would
     * come within 3,000 characters of the 32,767 that a Windows command line may hold.
     *
     * @param distro the WSL distro to boot: required for {@link ProbePart#USER}, must be null for SYSTEM
     */
    public static String guestOperationsArguments(ProbePart part, String distro, String outputPath) {
        if (part == ProbePart.SYSTEM && distro != null) {
            throw new IllegalArgumentException("the system part of the probe takes no distro");
        }
        String parameters = part == ProbePart.USER ? " -Distro " + quote(checkedDistro(distro)) : "";
        String command = "$packed = [Convert]::FromBase64String('" + gzipBase64(text(part)) + "')\n"
                + "$unpacked = New-Object System.IO.Compression.GZipStream((New-Object System.IO.MemoryStream(, "
                + "$packed)), [System.IO.Compression.CompressionMode]::Decompress)\n"
                + "$script = (New-Object System.IO.StreamReader($unpacked, [System.Text.Encoding]::UTF8)).ReadToEnd()\n"
                + "$output = & ([scriptblock]::Create($script))" + parameters + " 2>&1\n"
                + "[System.IO.File]::WriteAllLines(" + quote(outputPath) + ", [string[]]@($output))\n";
        String encoded = Base64.getEncoder().encodeToString(command.getBytes(StandardCharsets.UTF_16LE));
        return "-NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand " + encoded;
    }

    /** Deterministic: Java's gzip header carries no file name and a zero time stamp. */
    private static String gzipBase64(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compress in memory", e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /**
     * A PowerShell single-quoted string literal holding {@code value} verbatim. PowerShell takes the typographic
     * single quotes (U+2018 to U+201B) as quote marks too, so they are doubled like the ASCII one.
     *
     * @throws IllegalArgumentException when the value holds a control character, which has no business in a
     *                                  distro name or path and could end the line the literal stands on
     */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                throw new IllegalArgumentException("control character U+" + String.format("%04X", (int) c)
                        + " at position " + i + " cannot be passed to the probe");
            }
            if (c == '\'' || (c >= '\u2018' && c <= '\u201B')) {
                out.append(c);
            }
            out.append(c);
        }
        return out.append('\'').toString();
    }

    /** The distro name, when WSL would accept it. */
    public static String checkedDistro(String distro) {
        if (distro == null || !DISTRO_NAME.matcher(distro).matches()) {
            throw new IllegalArgumentException("WSL distro name '" + (distro == null ? "" : distro.replaceAll(
                    "\\p{Cntrl}", "?")) + "' is not valid: use 1 to 64 letters, digits, '.', '-' or '_'");
        }
        return distro;
    }

    /** A script shipped under /guest in this build, by file name. */
    static String load(String script) {
        String resource = "/guest/" + script;
        try (InputStream in = ProbeScripts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the probe script " + resource + " is missing from this build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the probe script " + resource, e);
        }
    }
}
