package dev.provision.armlab;

/** What the guest printed, and its exit code (reported by managed Run Command only, as in Azure). */
public record GuestScriptResult(String stdout, String stderr, int exitCode) {
    public static GuestScriptResult ok(String stdout) {
        return new GuestScriptResult(stdout, "", 0);
    }
}
