package dev.provision.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;

/** Prints a completion script for bash and zsh. */
@Command(name = "completion", description = {"Print a bash/zsh completion script.",
        "Use: source <(provision completion)"})
final class CompletionCommand extends BaseCommand {
    @Override
    public Integer call() {
        out().print(AutoComplete.bash("provision", root.spec.commandLine()));
        out().flush();
        return ExitCode.OK;
    }
}
