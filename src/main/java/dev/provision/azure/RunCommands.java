package dev.provision.azure;

import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.fluent.models.RunCommandResultInner;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineRunCommandInner;
import com.azure.resourcemanager.compute.models.InstanceViewStatus;
import com.azure.resourcemanager.compute.models.RunCommandInput;
import com.azure.resourcemanager.compute.models.VirtualMachineRunCommandInstanceView;
import com.azure.resourcemanager.compute.models.VirtualMachineRunCommandScriptSource;
import dev.provision.provider.ProviderException;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs scripts in a Windows guest through Azure's two Run Command flavours.
 * <ul>
 * <li>{@link #asSystem}: the {@code RunPowerShellScript} action. Runs as SYSTEM, keeps only the last 4,096 bytes of
 * each stream, reports no exit code, and Azure runs one at a time per VM, so calls for one VM are serialised here
 * rather than refused there. The SDK retries a POST after a 5xx or timeout, so scripts must be safe to run twice
 * (the probe is read-only).</li>
 * <li>{@link #asUser}: a managed Run Command with {@code runAsUser}/{@code runAsPassword}, for what cannot run as
 * SYSTEM (WSL). It has one fixed name per purpose, so a retried PUT replaces the same resource instead of adding
 * one; it is deleted after its result is read, so the stored password does not linger with it.</li>
 * </ul>
 * The password is handed to the SDK only; it is never part of a message or exception text.
 */
final class RunCommands {
    /**
     * What a script printed; {@code exitCode} is null for the action flavour, which does not report one. A managed
     * run whose runAsUser/runAsPassword Windows refuses has state Failed, empty output and the reason as
     * {@code executionMessage}.
     */
    record Result(String stdout, String stderr, Integer exitCode, String executionState, String executionMessage) {}

    private final AzureClients azure;
    private final String resourceGroup;
    private final String location;
    private final Map<String, ReentrantLock> perVm = new ConcurrentHashMap<>();

    RunCommands(AzureClients azure, String resourceGroup, String location) {
        this.azure = azure;
        this.resourceGroup = resourceGroup;
        this.location = location;
    }

    Result asSystem(String vm, List<String> script) throws ProviderException, InterruptedException {
        ReentrantLock lock = lock(vm);
        lock.lockInterruptibly();
        try {
            RunCommandResultInner result = azure.compute().getVirtualMachines().runCommand(resourceGroup, vm,
                    new RunCommandInput().withCommandId("RunPowerShellScript").withScript(script), Context.NONE);
            return parse(result == null ? List.of() : result.value());
        } catch (RuntimeException e) {
            throw new ProviderException("Run Command on " + vm + " failed: " + AzureErrors.describe(e), null, e);
        } finally {
            lock.unlock();
        }
    }

    /** Every script in one VM runs after the previous one: Azure runs one action at a time per VM anyway. */
    private ReentrantLock lock(String vm) {
        return perVm.computeIfAbsent(vm.toLowerCase(Locale.ROOT), k -> new ReentrantLock());
    }

    Result asUser(String vm, String commandName, String script, String user, String password, int timeoutSeconds)
            throws ProviderException, InterruptedException {
        ReentrantLock lock = lock(vm);
        lock.lockInterruptibly();
        try {
            azure.compute().getVirtualMachineRunCommands().createOrUpdate(resourceGroup, vm, commandName,
                    new VirtualMachineRunCommandInner().withLocation(location)
                            .withSource(new VirtualMachineRunCommandScriptSource().withScript(script))
                            .withRunAsUser(user).withRunAsPassword(password)
                            .withTimeoutInSeconds(timeoutSeconds).withAsyncExecution(false), Context.NONE);
            VirtualMachineRunCommandInner read = azure.compute().getVirtualMachineRunCommands()
                    .getByVirtualMachineWithResponse(resourceGroup, vm, commandName, "instanceView", Context.NONE)
                    .getValue();
            VirtualMachineRunCommandInstanceView view = read.instanceView();
            if (view == null) {
                throw new ProviderException("managed Run Command " + commandName + " on " + vm
                        + " returned no instance view");
            }
            return new Result(nonNull(view.output()), nonNull(view.error()), view.exitCode(),
                    view.executionState() == null ? null : view.executionState().toString(), view.executionMessage());
        } catch (RuntimeException e) {
            throw new ProviderException("managed Run Command " + commandName + " on " + vm + " as " + user
                    + " failed: " + AzureErrors.describe(e), null, e);
        } finally {
            deleteQuietly(vm, commandName);
            lock.unlock();
        }
    }

    private void deleteQuietly(String vm, String commandName) {
        try {
            azure.compute().getVirtualMachineRunCommands().delete(resourceGroup, vm, commandName, Context.NONE);
        } catch (RuntimeException e) {
            // Left behind: it is replaced by the next run of the same name.
        }
    }

    /**
     * Windows answers with {@code ComponentStatus/StdOut/succeeded} and {@code ComponentStatus/StdErr/succeeded}
     * entries; a Linux-style answer has one {@code ProvisioningState/succeeded} message holding "[stdout]" and
     * "[stderr]" sections (recorded by the SDK team). Both are read.
     */
    static Result parse(List<InstanceViewStatus> statuses) {
        String stdout = null;
        String stderr = null;
        String combined = null;
        for (InstanceViewStatus status : statuses == null ? List.<InstanceViewStatus>of() : statuses) {
            String code = status.code() == null ? "" : status.code();
            if (code.startsWith("ComponentStatus/StdOut")) {
                stdout = status.message();
            } else if (code.startsWith("ComponentStatus/StdErr")) {
                stderr = status.message();
            } else if (code.startsWith("ProvisioningState/")) {
                combined = status.message();
            }
        }
        if (stdout == null && combined != null) {
            int out = combined.indexOf("[stdout]");
            int err = combined.indexOf("[stderr]");
            if (out >= 0) {
                stdout = strip(combined.substring(out + "[stdout]".length(), err > out ? err : combined.length()));
                stderr = err >= 0 ? strip(combined.substring(err + "[stderr]".length())) : "";
            } else {
                stdout = combined;
            }
        }
        return new Result(nonNull(stdout), nonNull(stderr), null, null, null);
    }

    private static String strip(String section) {
        String s = section.startsWith("\n") ? section.substring(1) : section;
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    private static String nonNull(String text) {
        return text == null ? "" : text;
    }
}
