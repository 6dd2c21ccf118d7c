package dev.provision.azure;

import com.azure.core.util.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provision.event.Event;
import dev.provision.event.EventSink;
import dev.provision.guest.RemediationScripts;
import dev.provision.model.Change;
import dev.provision.provider.PowerState;
import dev.provision.provider.ProviderException;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Opt-in remediation on Azure: enables the change's Windows features with a Run Command (idempotent: the SDK may
 * resend the POST, and a feature already on or pending is left alone), restarts the VM through ARM, and waits until
 * it runs with its agent Ready again. Each step is an event; a failure says what state the guest is in.
 */
final class FeatureRemediation {
    /** Windows finishing feature installs on a restart can take minutes; past this the VM is reported, not awaited. */
    static final Duration RESTART_LIMIT = Duration.ofMinutes(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AzureClients azure;
    private final String resourceGroup;
    private final RunCommands runCommands;
    private final GuestAccess access;
    private final Duration restartLimit;
    private final RestoreMarkers markers;

    FeatureRemediation(AzureClients azure, String resourceGroup, RunCommands runCommands, GuestAccess access,
                       Duration restartLimit) {
        this.azure = azure;
        this.resourceGroup = resourceGroup;
        this.runCommands = runCommands;
        this.access = access;
        this.restartLimit = restartLimit;
        this.markers = new RestoreMarkers(azure, resourceGroup, Clock.systemUTC());
    }

    /**
     * The VM carries its {@link RestoreMarker} from before the script until it runs again after the restart with a
     * fresh agent status, so that an apply killed anywhere in between leaves a VM the next plan names as interrupted
     * (and probes again). A script that reports failure removes it: nothing was restarted, and the failure is said.
     */
    void enable(Change change, EventSink events) throws ProviderException, InterruptedException {
        String vm = change.vm();
        access.requireReady(vm, "changed");
        events.emit(new Event.ChangeProgress(change, "noting on the VM that its feature step is under way (tag "
                + RestoreMarker.TAG + ")"));
        markers.promise(vm, PowerState.ON, RestoreMarker.Step.FEATURES);
        events.emit(new Event.ChangeProgress(change, "running the feature script (Run Command as SYSTEM)"));
        RunCommands.Result result = runCommands.asSystem(vm,
                List.of(RemediationScripts.runCommandScript(change.enableFeatures()).split("\\R", -1)));
        try {
            checkEnabled(vm, change.enableFeatures(), result);
        } catch (ProviderException e) {
            markers.remove(vm);
            throw e;
        }
        events.emit(new Event.ChangeProgress(change, "restarting the VM to finish enabling the features"));
        Instant freshAfter = access.freshAfter(vm);
        try {
            azure.compute().getVirtualMachines().restart(resourceGroup, vm, Context.NONE);
        } catch (RuntimeException e) {
            throw new ProviderException("restarting " + vm + " failed: " + AzureErrors.describe(e),
                    "running; features enabled, waiting for a restart ('az vm restart -g " + resourceGroup + " -n "
                            + vm + "')", e);
        }
        events.emit(new Event.ChangeProgress(change, "waiting for the VM agent to be ready"));
        if (!access.awaitReady(vm, restartLimit, freshAfter)) {
            // The Ready shown before the restart does not count: Azure keeps showing it for a while after one.
            throw new ProviderException("VM " + vm + " did not report a running VM with a fresh Ready agent status "
                    + "within " + restartLimit.toMinutes() + " minutes of its restart", "restarted; state unknown",
                    null);
        }
        events.emit(new Event.ChangeProgress(change, "removing the restore marker (tag " + RestoreMarker.TAG + ")"));
        markers.remove(vm);
    }

    /**
     * The script prints its own verdict: every feature must now be Enabled or waiting for the restart. Anything
     * else (a feature this edition lacks, a DISM error) stops here, before a pointless restart.
     */
    private static void checkEnabled(String vm, List<String> wanted, RunCommands.Result result)
            throws ProviderException {
        JsonNode doc = lastJsonLine(result.stdout());
        if (doc == null || !"provision".equals(doc.path("remediation").asText())) {
            throw new ProviderException("the feature script on " + vm + " printed no result"
                    + (result.stderr().isBlank() ? "" : "; stderr: " + clip(result.stderr())),
                    "running; features in an unknown state", null);
        }
        List<String> problems = new ArrayList<>();
        doc.path("errors").forEach(e -> problems.add(e.asText()));
        for (String feature : wanted) {
            String state = doc.path("features").path(feature).asText("");
            if (!state.equals("Enabled") && !state.equals("EnablePending") && problems.stream()
                    .noneMatch(p -> p.startsWith(feature + ":"))) {
                problems.add(feature + ": " + (state.isEmpty() ? "not reported" : state));
            }
        }
        if (!problems.isEmpty()) {
            throw new ProviderException("enabling features on " + vm + " failed: " + clip(String.join("; ", problems)),
                    "running, not restarted", null);
        }
    }

    private static JsonNode lastJsonLine(String stdout) {
        String[] lines = stdout.strip().split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].strip();
            if (line.startsWith("{")) {
                try {
                    return JSON.readTree(line);
                } catch (IOException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static String clip(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
    }

}
