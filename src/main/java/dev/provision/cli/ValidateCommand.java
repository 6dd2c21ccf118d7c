package dev.provision.cli;

import dev.provision.spec.InvalidInputException;
import dev.provision.spec.Spec;
import dev.provision.spec.TargetSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Checks specs without contacting any cloud. */
@Command(name = "validate", description = "Check specs for every problem at once, without contacting any cloud.")
final class ValidateCommand extends BaseCommand {
    @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Spec files to check.")
    List<Path> specs;

    @Override
    public Integer call() throws InvalidInputException {
        List<InvalidInputException> failures = new ArrayList<>();
        for (Path file : specs) {
            try {
                Spec spec = loadSpec(file, false);
                int entries = spec.targets().stream().mapToInt(t -> t.vms().size()).sum();
                out().println(file + ": valid (" + Plural.of(spec.targets().size(), "target") + ", "
                        + vmEntries(entries) + extendsNote(spec) + ")");
                for (TargetSpec t : spec.targets()) {
                    out().println("  " + t.name() + " (" + t.kind().key() + "): " + vmEntries(t.vms().size()));
                    if (!t.fromEnvironment().isEmpty()) {
                        out().println("    from the environment: " + fromEnvironment(t));
                    }
                }
            } catch (InvalidInputException e) {
                failures.add(e);
            }
        }
        out().flush();
        if (failures.isEmpty()) {
            return ExitCode.OK;
        }
        List<dev.provision.spec.Diagnostic> all = new ArrayList<>();
        failures.forEach(f -> all.addAll(f.diagnostics()));
        throw new InvalidInputException(all);
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
