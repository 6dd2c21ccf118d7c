package dev.provision.armlab;

import java.util.List;
import java.util.Map;

/**
 * One Run Command invocation.
 *
 * @param commandId  e.g. {@code RunPowerShellScript}; for managed run commands the source's commandId, or null
 * @param script     the script lines (action Run Command) or the inline script split into lines (managed)
 * @param parameters the named parameters; protected parameters are included, as the guest would see them
 * @param runAsUser  null when the script runs as SYSTEM / root (always so for the action Run Command)
 * @param managed    true for a managed Run Command resource ({@code runCommands/{name}})
 */
public record GuestScript(VmSnapshot vm, String commandId, List<String> script, Map<String, String> parameters,
        String runAsUser, boolean managed) {
}
