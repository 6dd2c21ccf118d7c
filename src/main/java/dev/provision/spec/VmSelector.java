package dev.provision.spec;

/**
 * One entry of a target's {@code vms:} list: a VM by exact name, or (vSphere and lab) every VM whose name matches
 * a glob pattern such as {@code vdi-*}. Exactly one of {@code name} and {@code pattern} is set.
 *
 * @param overrides what this entry says beyond the target's {@code desired:} block (never null; may be EMPTY)
 * @param location  where the entry was written, so "matched nothing" and "matched twice" point at it
 */
public record VmSelector(String name, String pattern, DesiredState overrides, SourceLocation location) {
    public boolean isPattern() {
        return pattern != null;
    }

    /** Whether this entry selects the VM called {@code vmName}: its exact name, or a match of its glob. */
    public boolean matches(String vmName) {
        return isPattern() ? Glob.compile(pattern).matches(vmName) : name.equals(vmName);
    }

    /** What the user wrote, for messages. */
    public String describe() {
        return isPattern() ? "pattern '" + pattern + "'" : "VM '" + name + "'";
    }
}
