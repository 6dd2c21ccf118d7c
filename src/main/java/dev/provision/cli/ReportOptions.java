package dev.provision.cli;

import dev.provision.guest.HtmlReport;
import dev.provision.guest.JsonReport;
import dev.provision.guest.JunitReport;
import dev.provision.guest.MarkdownReport;
import dev.provision.guest.VmVerification;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code --report FORMAT=FILE}, repeatable: the verification written as JUnit XML, JSON, Markdown or HTML. */
public final class ReportOptions {
    @Option(names = "--report", paramLabel = "FORMAT=FILE", converter = ReportRequest.Converter.class,
            description = "Write the guest verification as a report: junit=FILE (one test case per VM and check), "
                    + "json=FILE, markdown=FILE (for a pipeline step summary), html=FILE (one self-contained page: the fleet as a VM "
                    + "by check matrix, counts per cause, causes and remedies). Repeatable. Reports hold no secrets.")
    List<ReportRequest> reports = new ArrayList<>();

    boolean any() {
        return !reports.isEmpty();
    }

    /** Writes every requested report; returns the files written. */
    List<Path> write(List<VmVerification> results, Instant now) throws IOException {
        String version = Version.number();
        List<Path> written = new ArrayList<>();
        for (ReportRequest request : reports) {
            String text = switch (request.format()) {
                case JUNIT -> JunitReport.render(results, version, now);
                case JSON -> JsonReport.render(results, version, now);
                case MARKDOWN -> MarkdownReport.render(results, version, now);
                case HTML -> HtmlReport.render(results, version, now);
            };
            Path parent = request.file().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(request.file(), text, StandardCharsets.UTF_8);
            written.add(request.file());
        }
        return written;
    }
}
