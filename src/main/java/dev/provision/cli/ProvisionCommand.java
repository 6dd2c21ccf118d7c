package dev.provision.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

import java.util.LinkedHashMap;
import java.util.Map;

/** The top-level {@code provision} command: only a list of verbs. */
@Command(name = "provision", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Makes Windows VMs on Azure and vSphere able to run nested virtualization "
                + "(Hyper-V, WSL 2, Docker Desktop), and proves it inside the guest.",
                "", "Start with 'provision validate SPEC', then 'provision plan SPEC'."},
        subcommands = {ValidateCommand.class, PlanCommand.class, ShowCommand.class, ApplyCommand.class,
                VerifyCommand.class, SizesCommand.class, ProbeCommand.class, SchemaCommand.class, CompletionCommand.class,
                VersionCommand.class})
public final class ProvisionCommand implements Runnable {
    final Context context;

    @CommandLine.Spec
    CommandSpec spec;

    ProvisionCommand(Context context) {
        this.context = context;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed: "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** The command line with every handler and help section in place: used by main and by the tests. */
    public static CommandLine commandLine(Context context) {
        CommandLine cli = new CommandLine(new ProvisionCommand(context));
        ErrorHandler errors = new ErrorHandler(context.env());
        cli.setExecutionExceptionHandler(errors);
        cli.setParameterExceptionHandler(errors);
        Map<String, String> codes = new LinkedHashMap<>();
        for (String line : ExitCode.HELP) {
            int colon = line.indexOf(':');
            codes.put(line.substring(0, colon), line.substring(colon + 1));
        }
        withSubcommands(cli, c -> c.getCommandSpec().usageMessage()
                .exitCodeListHeading("%nExit codes:%n").exitCodeList(codes));
        return cli;
    }

    private static void withSubcommands(CommandLine cli, java.util.function.Consumer<CommandLine> action) {
        action.accept(cli);
        cli.getSubcommands().values().forEach(sub -> withSubcommands(sub, action));
    }
}
