package dev.provision.cli;

import dev.provision.engine.Engine;
import dev.provision.guest.VmVerification;
import dev.provision.spec.InvalidInputException;
import dev.provision.spec.SourceLocation;
import dev.provision.spec.Spec;
import dev.provision.spec.SpecLoader;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What every verb shares. A command only parses, calls the engine, renders, and returns an exit code: results go
 * to stdout, progress and messages to stderr.
 */
abstract class BaseCommand implements Callable<Integer> {
    @ParentCommand
    ProvisionCommand root;

    @CommandLine.Spec
    CommandSpec command;

    @Mixin
    OutputOptions output;

    /** Set once an engine exists: from then on a cloud may have been read, so errors cannot promise it was not. */
    private volatile boolean engineOpened;

    PrintWriter out() {
        return command.commandLine().getOut();
    }

    PrintWriter err() {
        return command.commandLine().getErr();
    }

    Terminal terminal() {
        return Terminal.detect(root.context.env(), output.noColor);
    }

    Spec loadSpec(Path file) throws InvalidInputException {
        return loadSpec(file, true);
    }

    /** @param variablesRequired false only for validate: an unset variable is then noted, not an error */
    Spec loadSpec(Path file, boolean variablesRequired) throws InvalidInputException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(new SourceLocation(file.toString(), 0, 0), "no such file");
        }
        return new SpecLoader(root.context.env(), variablesRequired).load(file);
    }

    Engine engine(Path specFile, ProgressView progress) {
        engineOpened = true;
        Path dir = specFile.toAbsolutePath().getParent();
        return new Engine(root.context.providers().apply(dir), progress);
    }

    /** Writes the requested reports and says where, on stderr. */
    void writeReports(ReportOptions reports, List<VmVerification> results) throws IOException {
        for (Path file : reports.write(results, Instant.now())) {
            err().println("Wrote report " + file);
        }
        err().flush();
    }

    boolean mayHaveContacted() {
        return engineOpened;
    }

    ProgressView progress() {
        return new ProgressView(err(), terminal(), output.verbosity());
    }
}
