package dev.provision.vsphere;

import dev.provision.plan.Durations;
import dev.provision.spec.PowerCyclePolicy;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Gets a running VM to powered-off the way the user's policy allows. Both {@code graceful} and {@code force}
 * first ask the guest OS to shut down through VMware Tools and wait up to the timeout; a guest whose Tools are
 * not running yet (still booting) is asked as soon as they are. When the time is up, {@code graceful} gives up
 * and leaves the VM running — never forced — and {@code force} powers it off hard.
 *
 * <p>A guest that finishes shutting down just after the timeout is off by the time we give up or our hard
 * power-off reaches the host (which then refuses it with InvalidPowerState). Either way the VM is where the
 * change needs it, so the power state is read once more before a failure is reported: booting it again
 * unchanged would cost the user the disruption and give nothing for it.
 */
final class GuestShutdown {
    static final Duration FIRST_POLL = Duration.ofMillis(20);
    static final Duration MAX_POLL = Duration.ofSeconds(2);

    private final VmOperations vms;

    GuestShutdown(VmOperations vms) {
        this.vms = vms;
    }

    /**
     * @throws VsphereException.TimedOut under {@code graceful} when the guest is still running after the
     *                                   timeout (the VM is left on)
     */
    void powerOff(String moid, PowerCyclePolicy policy, Duration timeout, Consumer<String> progress)
            throws InterruptedException {
        if (policy == PowerCyclePolicy.NEVER) {
            throw new VsphereException.Refused("powerCycle 'never' does not allow shutting the VM down");
        }
        try {
            shutDownOrForce(moid, policy, timeout, progress);
        } catch (VsphereException.UntrustedServer | VsphereException.LoginRefused e) {
            throw e;
        } catch (VsphereException e) {
            if (vms.runtime(moid).power() != VsphereVm.RuntimePowerState.POWERED_OFF) {
                throw e;
            }
            progress.accept("the guest finished shutting down on its own just after the timeout (" + e.getMessage()
                    + "); going on with the change");
        }
    }

    private void shutDownOrForce(String moid, PowerCyclePolicy policy, Duration timeout, Consumer<String> progress)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Backoff backoff = new Backoff(FIRST_POLL, MAX_POLL);
        boolean requested = false;
        while (true) {
            VmOperations.Runtime now = vms.runtime(moid);
            if (now.power() == VsphereVm.RuntimePowerState.POWERED_OFF) {
                progress.accept("powered off");
                return;
            }
            if (!requested && now.toolsRunning()) {
                requested = requestShutdown(moid, progress);
            }
            if (System.nanoTime() >= deadline) {
                break;
            }
            backoff.sleepUntilNextPoll(deadline);
        }
        String why = requested ? "the guest did not shut down within " + Durations.format(timeout)
                : "VMware Tools did not run in the guest within " + Durations.format(timeout)
                + ", so no clean shutdown could be asked for";
        if (policy == PowerCyclePolicy.GRACEFUL) {
            throw new VsphereException.TimedOut(why + "; powerCycle 'graceful' never forces a power-off");
        }
        progress.accept(why + ": powering off hard (powerCycle 'force')");
        vms.powerOff(moid);
        progress.accept("powered off");
    }

    /** @return whether the guest was asked; a refusal (Tools just stopped, VM just powered off) is retried */
    private boolean requestShutdown(String moid, Consumer<String> progress) {
        try {
            vms.requestGuestShutdown(moid);
            progress.accept("guest OS asked to shut down through VMware Tools");
            return true;
        } catch (VsphereException.UntrustedServer | VsphereException.LoginRefused e) {
            throw e;
        } catch (VsphereException e) {
            progress.accept("the guest could not be asked to shut down yet (" + e.getMessage() + "); still waiting");
            return false;
        }
    }
}
