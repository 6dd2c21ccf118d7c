package dev.provision.local;

import dev.provision.guest.ProbeDocument;
import dev.provision.guest.ProbeOutputException;
import dev.provision.guest.ProbePart;
import dev.provision.guest.ProbeScripts;
import dev.provision.provider.DesktopProbe;
import dev.provision.provider.ProviderException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the probe on the Windows machine provision itself runs on, with powershell.exe, as the user running
 * provision. UNVERIFIED: the test suite runs on Linux with no PowerShell, so only the command lines built here are
 * tested; running them is not.
 */
public final class LocalProbe implements DesktopProbe {
    /** The user part boots a distro (its own limit is 300 s); the system part waits on bcdedit and wsl.exe. */
    private static final long TIMEOUT_MINUTES = 10;

    private final Map<String, String> env;
    private final String osName;

    /**
     * @param env    the environment, which names the Windows folder
     * @param osName the {@code os.name} of the JVM
     */
    public LocalProbe(Map<String, String> env, String osName) {
        this.env = env;
        this.osName = osName;
    }

    @Override
    public boolean runsHere() {
        return isWindows(osName);
    }

    @Override
    public List<ProbeDocument> run(String distro)
            throws ProviderException, ProbeOutputException, InterruptedException {
        return run(env, distro);
    }

    public static boolean isWindows(String osName) {
        return osName != null && osName.toLowerCase(Locale.ROOT).startsWith("windows");
    }

    /** Windows PowerShell 5.1 under the Windows folder the environment names, as the probe scripts expect. */
    public static String powershell(Map<String, String> env) {
        String root = env.get("SystemRoot");
        return root == null || root.isBlank() ? ProbeScripts.POWERSHELL
                : root + "\\System32\\WindowsPowerShell\\v1.0\\powershell.exe";
    }

    /**
     * The command that runs one part from a file. Bypass applies to this process only (a policy set by Group
     * Policy still wins, and the probe then reports that scripts may not run); -File passes the distro as one
     * argument, and ProcessBuilder quotes a path with spaces.
     */
    public static List<String> command(String powershell, Path script, ProbePart part, String distro) {
        List<String> command = new ArrayList<>(List.of(powershell, "-NoLogo", "-NoProfile", "-NonInteractive",
                "-ExecutionPolicy", "Bypass", "-File", script.toString()));
        if (part == ProbePart.USER) {
            command.add("-Distro");
            command.add(ProbeScripts.checkedDistro(distro));
        } else if (distro != null) {
            throw new IllegalArgumentException("the system part of the probe takes no distro");
        }
        return command;
    }

    /** Writes both parts to a temporary folder, runs them in turn, and reads what each printed. */
    private static List<ProbeDocument> run(Map<String, String> env, String distro)
            throws ProviderException, ProbeOutputException, InterruptedException {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("provision-probe");
            List<ProbeDocument> documents = new ArrayList<>();
            for (ProbePart part : ProbePart.values()) {
                Path script = Files.writeString(dir.resolve(part.script()), ProbeScripts.text(part),
                        StandardCharsets.UTF_8);
                documents.add(ProbeDocument.parse(runOne(command(powershell(env), script, part,
                        part == ProbePart.USER ? distro : null), dir.resolve(part.key() + ".out"))));
            }
            return documents;
        } catch (IOException e) {
            throw new ProviderException("cannot run the probe with powershell.exe: " + e.getMessage());
        } finally {
            deleteQuietly(dir);
        }
    }

    /**
     * Output and errors go together to a file (so that waiting can time out, which reading a pipe cannot): the probe
     * document is found in whatever PowerShell printed around it.
     */
    private static byte[] runOne(List<String> command, Path output)
            throws IOException, InterruptedException, ProviderException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .start();
        // Nothing to read: a script that asks for input gets end-of-file instead of waiting forever.
        process.getOutputStream().close();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new ProviderException("the probe did not finish within " + TIMEOUT_MINUTES + " minutes");
        }
        return Files.readAllBytes(output);
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A temporary folder left behind holds only the shipped scripts: nothing secret.
        }
    }
}
