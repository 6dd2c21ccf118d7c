package dev.provision.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A program a test needs from Debian's packages (tmux, chromium): used where it is, installed with apt-get when
 * missing and the tests run as root (as CI does), else the test fails saying what to install. Never skipped.
 */
final class DebianTool {
    private DebianTool() {}

    /** @return the program's path, after installing {@code debianPackage} if needed */
    static synchronized Path require(String program, String debianPackage) {
        Path path = Path.of("/usr/bin", program);
        if (Files.isExecutable(path)) {
            return path;
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException(path + " is missing and the tests do not run as root to install it: "
                    + "apt-get install " + debianPackage);
        }
        String log = run(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends", debianPackage));
        if (!Files.isExecutable(path)) {
            // A fresh machine may have no package lists yet.
            log = run(List.of("apt-get", "update", "-q")) + run(List.of("apt-get", "install", "-y", "-q",
                    "--no-install-recommends", debianPackage));
        }
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException("apt-get install " + debianPackage + " did not provide " + path + ":\n"
                    + log);
        }
        return path;
    }

    private static String run(List<String> command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return out + "\n(timed out)";
            }
            return out;
        } catch (IOException e) {
            return String.join(" ", command) + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return String.join(" ", command) + ": interrupted";
        }
    }
}
