package dev.provision.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.util.Locale;

/**
 * {@code --json}, {@code -o json} and {@code --output json}: one switch, spelled as Terraform ({@code -json}) and
 * the Azure CLI ({@code -o json}) users type it. A mixin so that every command offering machine-readable output
 * spells it the same way; {@link ErrorHandler} also finds it to print spec diagnostics as JSON.
 */
public final class OutputFormatOption {
    /** What a command prints its result as on stdout. */
    public enum Format { TEXT, JSON }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", converter = FormatConverter.class,
            description = "text (default) or json: the result as one JSON document on stdout; messages stay on "
                    + "stderr.")
    Format format = Format.TEXT;

    @Option(names = "--json", description = "The same as -o json.")
    boolean json;

    boolean json() {
        return json || format == Format.JSON;
    }

    /** Whether the command that ran has this option and was asked for JSON (the error handler cannot know). */
    static boolean requested(CommandLine cmd) {
        return cmd.getCommandSpec().mixins().values().stream()
                .anyMatch(m -> m.userObject() instanceof OutputFormatOption o && o.json());
    }

    /** Accepts text and json in any case, and names both when given something else. */
    static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            try {
                return Format.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not an output format; write text "
                        + "or json");
            }
        }
    }
}
