package dev.provision.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provision.spec.Diagnostic;
import dev.provision.spec.InvalidInputException;
import dev.provision.spec.Spec;
import dev.provision.spec.TargetSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Checks specs without contacting any cloud. */
@Command(name = "validate", description = {"Check specs for every problem at once, without contacting any cloud.",
        "", "--json prints {valid, specs, diagnostics}; each diagnostic has file, line, column, severity and "
        + "message. Under GitHub Actions or Azure Pipelines, each problem is also printed as an annotation."})
final class ValidateCommand extends BaseCommand {
    @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Spec files to check.")
    List<Path> specs;

    @Mixin
    OutputFormatOption format;

    @Override
    public Integer call() throws InvalidInputException {
        List<Diagnostic> problems = new ArrayList<>();
        ObjectNode doc = JsonOutput.object();
        ArrayNode checked = JsonOutput.object().arrayNode();
        for (Path file : specs) {
            ObjectNode entry = checked.addObject().put("file", file.toString());
            try {
                Spec spec = loadSpec(file, false);
                entry.put("valid", true);
                describe(spec, entry);
                if (!format.json()) {
                    printValid(file, spec);
                }
            } catch (InvalidInputException e) {
                entry.put("valid", false);
                problems.addAll(e.diagnostics());
            }
        }
        if (!format.json()) {
            out().flush();
            if (!problems.isEmpty()) {
                throw new InvalidInputException(problems);
            }
            return ExitCode.OK;
        }
        doc.put("valid", problems.isEmpty());
        doc.set("specs", checked);
        doc.set("diagnostics", JsonOutput.diagnostics(problems));
        out().print(JsonOutput.write(doc));
        out().flush();
        if (problems.isEmpty()) {
            return ExitCode.OK;
        }
        ErrorHandler.printDiagnostics(new InvalidInputException(problems), err(), false);
        return ExitCode.INVALID_INPUT;
    }

    private void printValid(Path file, Spec spec) {
        int entries = spec.targets().stream().mapToInt(t -> t.vms().size()).sum();
        out().println(file + ": valid (" + Plural.of(spec.targets().size(), "target") + ", "
                + vmEntries(entries) + extendsNote(spec) + ")");
        for (TargetSpec t : spec.targets()) {
            out().println("  " + t.name() + " (" + t.kind().key() + "): " + vmEntries(t.vms().size()));
            if (!t.fromEnvironment().isEmpty()) {
                out().println("    from the environment: " + fromEnvironment(t));
            }
        }
    }

    private static void describe(Spec spec, ObjectNode entry) {
        ArrayNode targets = entry.putArray("targets");
        for (TargetSpec t : spec.targets()) {
            targets.addObject().put("name", t.name()).put("kind", t.kind().key()).put("vmEntries", t.vms().size());
        }
        ArrayNode extended = entry.putArray("extends");
        spec.extended().forEach(extended::add);
    }

    /** Each field and its variable, and which are not set here (plan, apply and verify will need them). */
    private String fromEnvironment(TargetSpec target) {
        return target.fromEnvironment().entrySet().stream().map(e -> e.getKey() + " (" + e.getValue()
                + (isSet(e.getValue()) ? "" : ", not set here") + ")").collect(java.util.stream.Collectors.joining(", "));
    }

    private boolean isSet(String variable) {
        String value = root.context.env().get(variable);
        return value != null && !value.isEmpty();
    }

    private static String vmEntries(int count) {
        return Plural.of(count, "VM entry", "VM entries");
    }

    private static String extendsNote(Spec spec) {
        return spec.extended().isEmpty() ? "" : ", extends " + String.join(", ", spec.extended());
    }
}
