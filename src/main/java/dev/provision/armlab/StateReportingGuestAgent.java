package dev.provision.armlab;

/**
 * The default guest: whatever the script, it reports what the simulated VM is (name, size, Hyper-V
 * generation, security type, identity it runs as) as {@code Key=Value} lines. Enough for plumbing tests and
 * rehearsals; tests that need guest behaviour plug in their own {@link GuestAgent}.
 */
public final class StateReportingGuestAgent implements GuestAgent {
    @Override
    public GuestScriptResult run(GuestScript script) {
        VmSnapshot vm = script.vm();
        String stdout = "ComputerName=" + vm.name() + "\n"
                + "VmSize=" + vm.size() + "\n"
                + "Location=" + vm.location() + "\n"
                + "HyperVGeneration=" + vm.hyperVGeneration() + "\n"
                + "SecurityType=" + vm.securityType().armValue() + "\n"
                + "OsType=" + vm.osType() + "\n"
                + "RunAs=" + (script.runAsUser() == null ? "SYSTEM" : script.runAsUser()) + "\n"
                + "ScriptLines=" + script.script().size() + "\n";
        return GuestScriptResult.ok(stdout);
    }
}
