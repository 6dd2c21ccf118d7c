package dev.provision.model;

/** A risk that is not an error, shown with the plan (e.g. Trusted Launch on an existing VM, an unknown series). */
public record PlanWarning(String target, String vm, String message) {
    public static PlanWarning forTarget(String target, String message) {
        return new PlanWarning(target, null, message);
    }
}
