package dev.provision.spec;

import java.util.List;

/**
 * One place whose VMs provision manages.
 *
 * @param desired the target's desired state with the spec-wide block and the profiles already folded in
 */
public record TargetSpec(String name, TargetKind kind, Connection connection, List<VmSelector> vms,
                         DesiredState desired, SourceLocation location) {
    public TargetSpec {
        vms = List.copyOf(vms);
    }
}
