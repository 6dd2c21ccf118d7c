package dev.provision.armlab;

import java.util.List;
import java.util.Map;

/**
 * One Run Command invocation.
 *
 * @param commandId            e.g. {@code RunPowerShellScript}; for managed run commands the source's commandId, or null
 * @param script               the script lines (action Run Command) or the inline script split into lines (managed)
 * @param parameters           the named parameters; protected parameters are included, as the guest would see them
 * @param runAsUser            null when the script runs as SYSTEM / root (always so for the action Run Command)
 * @param managed              true for a managed Run Command resource ({@code runCommands/{name}})
 * @param runAsPassword        the password sent with runAsUser, for the guest's logon check only; never printed
 * @param guest                the Windows inside the VM; a script may change it (under the emulator's lock)
 * @param nestedVirtualization whether the VM's size series exposes virtualization to the guest (the project's
 *                             series catalog, by the size's SKU family); the security type is the agent's to weigh
 */
public record GuestScript(VmSnapshot vm, String commandId, List<String> script, Map<String, String> parameters,
        String runAsUser, boolean managed, String runAsPassword, WindowsGuest guest, boolean nestedVirtualization) {

    /** Keeps the password out of every log line and assertion message that prints an invocation. */
    @Override
    public String toString() {
        return "GuestScript[vm=" + vm.name() + ", commandId=" + commandId + ", lines=" + script.size()
                + ", runAsUser=" + runAsUser + ", managed=" + managed + "]";
    }
}
