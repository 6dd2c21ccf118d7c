package dev.provision.spec;

import java.nio.file.Path;
import java.util.List;

/**
 * A whole, valid spec: what the user wants, with profiles resolved.
 *
 * @param source  the file it came from
 * @param digest  SHA-256 of the spec file and every profile it extends, recorded in plans
 * @param extended the profiles folded in, in order, for display
 */
public record Spec(Path source, String digest, List<String> extended, List<TargetSpec> targets) {
    public Spec {
        extended = List.copyOf(extended);
        targets = List.copyOf(targets);
    }
}
