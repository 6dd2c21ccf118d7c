package dev.provision.vsphere;

import dev.provision.guest.ProbeScripts;
import dev.provision.guest.WslText;
import dev.provision.plan.Durations;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Opt-in remediation in a running guest: enable the planned Windows features as the guest administrator, restart
 * the guest through VMware Tools (RebootGuest, a clean restart by Windows itself, never a reset), and wait until
 * VMware Tools answers again. Every wait is bounded. Enabling is idempotent, so a remediation cut short can be
 * run again by the next apply.
 */
final class FeatureEnabler {
    /** Enable-WindowsOptionalFeature for Hyper-V can take minutes. */
    static final Duration ENABLE_TIMEOUT = Duration.ofMinutes(20);
    /** Finishing feature installs makes this restart slow: Windows configures them while it shuts down and boots. */
    static final Duration BOOT_TIMEOUT = Duration.ofMinutes(15);
    /** While waiting for Tools to go away the poll stays short, so a quick restart is not missed. */
    private static final Duration MAX_DOWN_POLL = Duration.ofMillis(250);

    private final GuestOperations guest;
    private final VmOperations vms;

    FeatureEnabler(GuestOperations guest, VmOperations vms) {
        this.guest = guest;
        this.vms = vms;
    }

    /**
     * @param shutdownWait how long the guest may take to begin its restart (the change's shutdown timeout), and how
     *                     long to wait for VMware Tools before starting, when a power cycle has just booted the VM
     */
    void enable(GuestOperations.GuestVm vm, GuestLogin login, List<String> features, Duration shutdownWait,
                Consumer<String> progress) throws InterruptedException {
        awaitTools(vm, true, shutdownWait, "VMware Tools did not run in the guest within " + Durations.format(shutdownWait)
                + ", so the features could not be enabled", GuestOperations.MAX_POLL);
        progress.accept("enabling " + String.join(", ", features) + " as " + login.user() + " (VMware guest operations)");
        GuestOperations.ProgramRun run = guest.run(vm, login, ProbeScripts.POWERSHELL,
                output -> GuestCommands.enableFeatures(features, output), ENABLE_TIMEOUT);
        String answer = WslText.decode(run.output()).strip();
        if (run.exitCode() != 0) {
            throw new VsphereException("VM '" + vm.name() + "': enabling " + String.join(", ", features)
                    + " in the guest failed (exit code " + run.exitCode() + "): "
                    + (answer.isEmpty() ? "no message" : oneLine(answer)));
        }
        progress.accept("restarting the guest (RebootGuest through VMware Tools)");
        guest.rebootGuest(vm);
        awaitTools(vm, false, shutdownWait, "the guest did not begin to restart within " + Durations.format(shutdownWait)
                + " (VMware Tools kept running); the features wait for that restart", MAX_DOWN_POLL);
        progress.accept("waiting for the guest to boot (up to " + Durations.format(BOOT_TIMEOUT) + ")");
        awaitTools(vm, true, BOOT_TIMEOUT, "VMware Tools did not come back within " + Durations.format(BOOT_TIMEOUT)
                + " after the restart", GuestOperations.MAX_POLL);
        progress.accept("guest is back");
    }

    private void awaitTools(GuestOperations.GuestVm vm, boolean running, Duration limit, String failure,
                            Duration maxPoll) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        Backoff backoff = new Backoff(GuestOperations.FIRST_POLL, maxPoll);
        while (true) {
            VmOperations.Runtime now = vms.runtime(vm.moid());
            if (now.power() != VsphereVm.RuntimePowerState.POWERED_ON) {
                throw new VsphereException.GuestUnavailable("VM '" + vm.name() + "' is no longer powered on", null);
            }
            if (now.toolsRunning() == running) {
                return;
            }
            if (System.nanoTime() >= deadline) {
                throw new VsphereException.TimedOut("VM '" + vm.name() + "': " + failure);
            }
            backoff.sleepUntilNextPoll(deadline);
        }
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }
}
