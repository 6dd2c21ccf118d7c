package dev.provision.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** One {@code --report FORMAT=FILE}: which report to write, and where. */
record ReportRequest(Format format, Path file) {
    enum Format {
        /** One test case per VM and check, for GitHub, Azure DevOps and GitLab test tabs. */
        JUNIT,
        /** The versioned JSON report, for other tools. */
        JSON,
        /** A summary fit for a pipeline step summary. */
        MARKDOWN,
        /** The fleet at a glance, one self-contained page to open in a browser. */
        HTML
    }

    /** Parses {@code junit=reports/verify.xml}. */
    static final class Converter implements ITypeConverter<ReportRequest> {
        @Override
        public ReportRequest convert(String value) {
            int eq = value.indexOf('=');
            if (eq <= 0 || eq == value.length() - 1) {
                throw new TypeConversionException("expected FORMAT=FILE, e.g. junit=reports/verify.xml, not '"
                        + value + "'");
            }
            String name = value.substring(0, eq).trim().toUpperCase(Locale.ROOT);
            try {
                return new ReportRequest(Format.valueOf(name), Path.of(value.substring(eq + 1)));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("unknown report format '" + value.substring(0, eq) + "'; one of "
                        + Arrays.stream(Format.values()).map(f -> f.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", ")));
            }
        }
    }
}
