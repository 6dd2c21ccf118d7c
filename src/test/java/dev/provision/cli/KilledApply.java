package dev.provision.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A real {@code provision apply} (a {@link ProvisionProcess}) killed with SIGKILL at the step it announces on
 * stderr. The hold point is the test's: a server that answers the call after the line slowly (vcsim's method delay),
 * so the child is still in that step when the kill comes.
 */
final class KilledApply {
    private KilledApply() {}

    /**
     * Starts {@code provision apply spec --auto-approve} in {@code dir} with {@code env}, waits until a stderr line
     * contains {@code line}, then kills it {@code grace} later (for a line printed just before the call it announces:
     * time for that call to leave). Returns the dead child, for its pid and output.
     */
    static ProvisionProcess at(Path dir, Map<String, String> env, Path spec, String line, Duration grace)
            throws IOException, InterruptedException {
        ProvisionProcess child = ProvisionProcess.start(dir, env, "apply", spec.toString(), "--auto-approve");
        try {
            child.awaitErr(line);
            Thread.sleep(grace.toMillis());
        } finally {
            child.kill9();
        }
        return child;
    }
}
