package dev.provision.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One place whose VMs provision manages.
 *
 * @param desired         the target's desired state with the spec-wide block and the profiles already folded in
 * @param fromEnvironment the connection fields taken from the environment, field to variable name (names only:
 *                        safe to print and to save)
 */
public record TargetSpec(String name, TargetKind kind, Connection connection, List<VmSelector> vms,
                         DesiredState desired, SourceLocation location, Map<String, String> fromEnvironment) {
    public TargetSpec {
        vms = List.copyOf(vms);
        fromEnvironment = fromEnvironment == null ? Map.of() : Collections.unmodifiableMap(
                new LinkedHashMap<>(fromEnvironment));
    }

    public TargetSpec(String name, TargetKind kind, Connection connection, List<VmSelector> vms,
                      DesiredState desired, SourceLocation location) {
        this(name, kind, connection, vms, desired, location, Map.of());
    }
}
