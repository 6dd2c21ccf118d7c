package dev.provision.cli;

/** The {@code provision} command's entry point. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(ProvisionCommand.commandLine(Context.system()).execute(args));
    }
}
