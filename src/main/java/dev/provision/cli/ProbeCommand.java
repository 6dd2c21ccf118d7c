package dev.provision.cli;

import dev.provision.engine.DesktopVerification;
import dev.provision.guest.ProbeDocument;
import dev.provision.guest.ProbeOutputException;
import dev.provision.guest.ProbeScripts;
import dev.provision.guest.SelfTestScript;
import dev.provision.guest.VmVerification;
import dev.provision.provider.ProviderException;
import dev.provision.spec.GuestSpec;
import dev.provision.spec.InvalidInputException;
import dev.provision.spec.SourceLocation;
import dev.provision.spec.SpecLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For a desktop whose hypervisor provision cannot reach (a VDI user, a desktop team): writes the probe scripts to
 * review and run on the desktop, or reads back what they wrote, and judges it as verify does. Needs no spec.
 */
@Command(name = "probe", description = {"Check a Windows desktop from the inside, without a spec or the "
        + "hypervisor's API. First --write-script DIR: the read-only scripts to review and run on the desktop "
        + "(run-probe.ps1 writes probe.json). Then --input probe.json: the same verdicts, reports and exit codes as "
        + "verify, including whether the platform and the kind of desktop are ones Docker supports.",
        "--local runs the scripts here instead; it needs Windows, and provision's own tests cannot exercise it."})
final class ProbeCommand extends BaseCommand {
    /** More than any probe output can be: both parts are under 4 KB each. */
    private static final int MAX_INPUT_BYTES = 1 << 20;

    @Option(names = "--write-script", paramLabel = "DIR", description = "Write run-probe.ps1, probe-system.ps1 and "
            + "probe-user.ps1 to DIR. Short, read-only, and each header says what it reads.")
    Path scriptDir;

    @Option(names = "--self-test", description = "With --write-script: also write self-test.ps1, which records every "
            + "raw output the probe judges (as the user and, elevated, as SYSTEM) in self-test.json, to attach to a "
            + "report of a wrong verdict. Read-only, and its header says what it reads.")
    boolean selfTest;

    @Option(names = "--input", paramLabel = "FILE", description = "What the probe wrote (probe.json), or - for "
            + "standard input; UTF-8 or UTF-16LE. One file may hold both parts; repeat --input to give them apart.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--local", description = "Run the probe on this Windows machine with powershell.exe, as the "
            + "user running provision (elevated if you can), and judge it. Not tested by provision's test suite.")
    boolean local;

    @Option(names = "--distro", paramLabel = "NAME", description = "With --local: the WSL distro to boot "
            + "(default: the profile's).")
    String distro;

    @Option(names = "--profile", paramLabel = "NAME", defaultValue = "docker-desktop", description = "The profile "
            + "whose guest checks to apply: a bundled name or a path (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--name", paramLabel = "NAME", description = "The desktop's name in the output and reports "
            + "(default: the computer name the probe read).")
    String name;

    @Mixin
    ReportOptions reports;

    @Override
    public Integer call() throws InvalidInputException, ProviderException, InterruptedException, IOException {
        checkOptions();
        if (scriptDir != null) {
            return writeScripts();
        }
        GuestSpec guest = new SpecLoader().profileGuest(profile);
        if (guest.checksOrEmpty().isEmpty()) {
            throw invalid("profile '" + profile + "' asks for no guest checks");
        }
        DesktopVerification desktop = new DesktopVerification(guest);
        VmVerification result;
        try {
            result = local ? desktop.probe(root.context.desktop(), distro, name) : desktop.judge(readInputs(), name);
        } catch (UnreadableInput e) {
            return unreadable(e.getMessage());
        } catch (ProbeOutputException e) {
            return unreadable(e.getMessage());
        }
        new VerifyView(terminal()).render(List.of(result), out());
        writeReports(reports, List.of(result));
        return result.passed() ? ExitCode.OK : ExitCode.VERIFICATION_FAILED;
    }

    private void checkOptions() throws InvalidInputException {
        int modes = (scriptDir != null ? 1 : 0) + (inputs.isEmpty() ? 0 : 1) + (local ? 1 : 0);
        if (modes != 1) {
            throw invalid("give one of --write-script DIR, --input FILE or --local");
        }
        if (scriptDir != null && (reports.any() || distro != null || name != null)) {
            throw invalid("--write-script only writes the scripts; --report, --distro and --name go with --input "
                    + "or --local");
        }
        if (selfTest && scriptDir == null) {
            throw invalid("--self-test goes with --write-script DIR: it writes the self-test beside the probe scripts");
        }
        if (distro != null && !local) {
            throw invalid("--distro goes with --local; with --input, the distro is the one the probe booted");
        }
        if (local && !root.context.desktop().runsHere()) {
            throw invalid("--local runs powershell.exe and needs Windows; here, use --write-script DIR, run "
                    + ProbeScripts.RUNNER + " on the desktop, then --input probe.json");
        }
        if (inputs.stream().filter("-"::equals).count() > 1) {
            throw invalid("standard input (-) can be read only once");
        }
    }

    private int writeScripts() throws IOException {
        Files.createDirectories(scriptDir);
        Map<String, String> files = new LinkedHashMap<>(ProbeScripts.forDesktop());
        if (selfTest) {
            files.put(SelfTestScript.FILE, SelfTestScript.text());
        }
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(scriptDir.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
        }
        out().println("Wrote " + String.join(", ", files.keySet()) + " to " + scriptDir + ".");
        out().println("Read them first: each header says what it reads; none changes anything.");
        out().println("On the desktop, in PowerShell, as its user (elevated if you can), in that folder:");
        out().println("  powershell -NoProfile -ExecutionPolicy Bypass -File .\\" + ProbeScripts.RUNNER);
        out().println("It writes probe.json there. Then, where provision runs:");
        out().println("  provision probe --input probe.json");
        if (selfTest) {
            out().println("To report a wrong verdict, also run, in the same folder (elevated if you can, to record "
                    + "the SYSTEM part too):");
            out().println("  powershell -NoProfile -ExecutionPolicy Bypass -File .\\" + SelfTestScript.FILE);
            out().println("It writes " + SelfTestScript.OUTPUT + ": every raw output the verdicts are drawn from. "
                    + "Read it, then attach it to the report.");
        }
        out().flush();
        return ExitCode.OK;
    }

    private List<ProbeDocument> readInputs() throws UnreadableInput {
        List<ProbeDocument> documents = new ArrayList<>();
        for (String input : inputs) {
            String shown = "-".equals(input) ? "standard input" : input;
            try {
                documents.addAll(ProbeDocument.parseAll(bytes(input)));
            } catch (ProbeOutputException e) {
                throw new UnreadableInput(shown + ": " + e.getMessage());
            } catch (NoSuchFileException e) {
                throw new UnreadableInput(shown + ": no such file");
            } catch (IOException e) {
                throw new UnreadableInput(shown + ": cannot read it: " + e.getMessage());
            }
        }
        return documents;
    }

    private byte[] bytes(String input) throws IOException, UnreadableInput {
        byte[] bytes;
        if ("-".equals(input)) {
            bytes = root.context.stdin().readNBytes(MAX_INPUT_BYTES + 1);
        } else {
            try (InputStream in = Files.newInputStream(Path.of(input))) {
                bytes = in.readNBytes(MAX_INPUT_BYTES + 1);
            }
        }
        if (bytes.length > MAX_INPUT_BYTES) {
            throw new UnreadableInput(input + ": over 1 MiB, far more than a probe writes");
        }
        return bytes;
    }

    /** Input the probe could not have written, or that was cut: one line, exit 2, nothing judged. */
    private int unreadable(String message) {
        err().println("error: " + message.replaceAll("[\\r\\n]+", " "));
        err().flush();
        return ExitCode.INVALID_INPUT;
    }

    private static InvalidInputException invalid(String message) {
        return new InvalidInputException(new SourceLocation("command line", 0, 0), message);
    }

    /** An input that cannot be read as probe output; the message names it. */
    private static final class UnreadableInput extends Exception {
        private static final long serialVersionUID = 1L;

        UnreadableInput(String message) {
            super(message);
        }
    }
}
