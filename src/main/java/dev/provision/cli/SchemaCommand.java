package dev.provision.cli;

import dev.provision.spec.SpecSchema;
import picocli.CommandLine.Command;

/** Prints the spec's JSON Schema, for editors and for checking specs in other tools. */
@Command(name = "schema", description = {"Print the JSON Schema of the spec format.",
        "Editors with the YAML language server use it through the '# yaml-language-server: $schema=...' comment."})
final class SchemaCommand extends BaseCommand {
    @Override
    public Integer call() {
        out().print(SpecSchema.json());
        out().flush();
        return ExitCode.OK;
    }
}
