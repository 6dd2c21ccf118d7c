package dev.provision.armlab;

/**
 * What the guest printed, and its exit code (reported by managed Run Command only, as in Azure).
 *
 * @param notRunReason null when the script ran; otherwise why the agent could not start it (a managed Run Command
 *                     whose runAsUser/runAsPassword Windows refuses), shown as the execution message of a
 *                     Failed execution with no output, as Azure shows it
 */
public record GuestScriptResult(String stdout, String stderr, int exitCode, String notRunReason) {
    public GuestScriptResult(String stdout, String stderr, int exitCode) {
        this(stdout, stderr, exitCode, null);
    }

    public static GuestScriptResult ok(String stdout) {
        return new GuestScriptResult(stdout, "", 0);
    }

    /** The script never started; Azure still reports exit code 0 and empty streams (Azure/azure-cli#21602). */
    public static GuestScriptResult notRun(String reason) {
        return new GuestScriptResult("", "", 0, reason);
    }
}
