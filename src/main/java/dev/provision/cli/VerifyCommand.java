package dev.provision.cli;

import dev.provision.engine.Engine;
import dev.provision.guest.VmVerification;
import dev.provision.provider.ProviderException;
import dev.provision.spec.InvalidInputException;
import dev.provision.spec.Spec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Proves inside each guest that Hyper-V and WSL 2 work, with the cause of every failure. Changes nothing. */
@Command(name = "verify", description = {"Probe each VM's guest (read-only) and check what the spec's guest "
        + "checks ask for: Windows edition, Hyper-V, Virtual Machine Platform, WSL, a WSL 2 distro boot."})
final class VerifyCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "SPEC", description = "The spec file.")
    Path specFile;

    @Mixin
    ParallelismOption parallelism;

    @Mixin
    ReportOptions reports;

    @Override
    public Integer call() throws InvalidInputException, ProviderException, InterruptedException, IOException {
        int atOnce = parallelism.value();
        Spec spec = loadSpec(specFile);
        ProgressView progress = progress();
        List<VmVerification> results;
        try (Engine engine = engine(specFile, progress)) {
            results = engine.verify(spec, engine.read(spec), atOnce);
        } finally {
            progress.close();
        }
        new VerifyView(terminal()).render(results, out());
        writeReports(reports, results);
        return VerifyView.exitCode(results);
    }
}
