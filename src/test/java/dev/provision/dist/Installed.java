package dev.provision.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The release archives `mvn package` built (failsafe passes the build directory and version), and their use. */
final class Installed {
    static final String VERSION = System.getProperty("provision.version", "");
    static final Path BUILD = Path.of(System.getProperty("provision.build", "target"));

    private Installed() {}

    static Path archive(String extension) {
        Path archive = BUILD.resolve("provision-" + VERSION + "." + extension);
        assertTrue(Files.isRegularFile(archive), archive + " is missing: this test runs after `mvn package`");
        return archive;
    }

    static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(file)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Unpacks the tarball with the system's tar, as a user would; returns the provision-VERSION folder. */
    static Path untar(Path archive, Path into) throws IOException, InterruptedException {
        Result r = run(List.of("tar", "-xzf", archive.toString(), "-C", into.toString()), into, Map.of());
        assertEquals(0, r.exit, r.toString());
        return into.resolve("provision-" + VERSION);
    }

    /** Takes write permission away from everything under dir (for a non-root user; root writes anyway). */
    static void setWritable(Path dir, boolean writable) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                if (writable) {
                    perms.add(PosixFilePermission.OWNER_WRITE);
                } else {
                    perms.removeAll(Set.of(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE,
                            PosixFilePermission.OTHERS_WRITE));
                }
                Files.setPosixFilePermissions(p, perms);
            }
        }
    }

    /** Every file and folder under dir with its size and modification time: proof that nothing was written. */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                files.put(dir.relativize(p).toString(), Files.size(p) + "@" + Files.getLastModifiedTime(p));
            }
        }
        return files;
    }

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /** Runs `provision ARGS` by name, found on the given PATH as a shell would, in workingDirectory. */
    static Result provision(String path, Path workingDirectory, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "exec provision \"$@\"", "provision"));
        command.addAll(List.of(args));
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("PATH", path);
        return run(command, workingDirectory, all);
    }

    static Result run(List<String> command, Path workingDirectory, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(workingDirectory.toFile());
        // A null value removes the variable: the caller's own PROVISION_* settings would change what is tested.
        env.forEach((name, value) -> {
            if (value == null) {
                pb.environment().remove(name);
            } else {
                pb.environment().put(name, value);
            }
        });
        Path out = Files.createTempFile("provision-out", ".txt");
        Path err = Files.createTempFile("provision-err", ".txt");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            Process process = pb.start();
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("no answer in 10 minutes: " + command);
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
