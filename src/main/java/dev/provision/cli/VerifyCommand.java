package dev.provision.cli;

import dev.provision.engine.Engine;
import dev.provision.guest.JsonReport;
import dev.provision.guest.VmVerification;
import dev.provision.plan.Selection;
import dev.provision.provider.ProviderException;
import dev.provision.spec.InvalidInputException;
import dev.provision.spec.Spec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Proves inside each guest that Hyper-V and WSL 2 work, with the cause of every failure. Changes nothing. */
@Command(name = "verify", description = {"Probe each VM's guest (read-only) and check what the spec's guest "
        + "checks ask for: Windows edition, Hyper-V, Virtual Machine Platform, WSL, a WSL 2 distro boot.", "",
        "--json prints the JSON report (as --report json=FILE writes it) on stdout. Under GitHub Actions or Azure "
        + "Pipelines, failed checks are also printed as error annotations and warnings as warnings."})
final class VerifyCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "SPEC", description = "The spec file.")
    Path specFile;

    @Mixin
    ParallelismOption parallelism;

    @Mixin
    ReportOptions reports;

    @Mixin
    OutputFormatOption format;

    @picocli.CommandLine.Mixin
    SelectionOptions select;

    @Override
    public Integer call() throws InvalidInputException, ProviderException, InterruptedException, IOException {
        int atOnce = parallelism.value();
        Spec spec = loadSpec(specFile);
        Selection selection = select.selection();
        ProgressView progress = progress();
        List<VmVerification> results;
        try (Engine engine = engine(specFile, progress)) {
            results = engine.verify(spec, engine.read(spec, selection), atOnce, selection);
        } finally {
            progress.close();
        }
        if (format.json()) {
            // The same document as --report json=FILE, so one parser serves both.
            out().print(JsonReport.render(results, Version.number(), Instant.now()));
            out().flush();
        } else {
            new VerifyView(terminal()).render(results, out());
            CiAnnotations.printVerifications(root.context.env(), results, out());
        }
        writeReports(reports, results);
        return VerifyView.exitCode(results);
    }
}
