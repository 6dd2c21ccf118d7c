package dev.provision.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless, rendering a local file and handing back the DOM after its scripts ran. The flags
 * keep it off the network (this machine's is closed: without them it keeps trying Google's hosts) and out of the
 * user's profile. Installed by {@link DebianTool} when missing; never skipped.
 */
final class HeadlessChromium {
    private final Path chromium = DebianTool.require("chromium", "chromium");

    /** The rendered DOM of {@code page}, serialised. */
    String dumpDom(Path page, Path scratch) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(scratch, "chromium-profile");
        Path out = scratch.resolve("dom-" + System.nanoTime() + ".html");
        Path log = scratch.resolve("chromium-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--dump-dom", page.toUri().toString()))
                .redirectOutput(out.toFile()).redirectError(log.toFile()).start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish rendering " + page + " in 3 minutes");
        }
        String dom = Files.readString(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0 || dom.isBlank()) {
            throw new AssertionError("chromium exited " + p.exitValue() + " without a DOM:\n" + Files.readString(log));
        }
        return dom;
    }
}
