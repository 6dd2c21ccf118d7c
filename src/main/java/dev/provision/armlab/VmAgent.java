package dev.provision.armlab;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;

/**
 * The VM agent's status as the instance view shows it, with the lags real Azure has (../shared/domain/
 * azure-sdk-facts.md, "What real ARM does that an emulator easily gets wrong", from the Azure SDK team's recorded
 * Compute sessions; the Not Ready shape as in the REST specification's instance-view examples, e.g.
 * VirtualMachineScaleSetVM_Get_InstanceViewAutoPlacedOnDedicatedHostGroup.json, Azure/azure-rest-api-specs):
 * <ul>
 *   <li>after a create the VM runs but the agent is {@code ProvisioningState/Unavailable} "Not Ready" with
 *       "VM status blob is found but not yet populated." and version "Unknown";</li>
 *   <li>after a restart, start or resize the <em>previous</em> "Ready" is shown, with its old {@code time};</li>
 *   <li>a stopped VM keeps its stale "Ready"; a deallocated VM has no agent section at all.</li>
 * </ul>
 * The lag lasts {@code readsBeforeFresh} instance-view reads after the operation completed, or {@code settleAfter}
 * when nobody reads: counted rather than timed, so tests are deterministic. After a deallocated VM starts, the
 * emulator shows the "Not Ready" of a fresh boot (what real Azure shows then is not in the recordings).
 */
final class VmAgent {
    static final String VERSION = "2.7.41491.1102";

    private enum Report { NONE, NOT_READY, READY }

    private Report report = Report.READY;
    /** When the agent last reported Ready (a stale status keeps this time). */
    private Instant readyTime = Instant.now();
    private Instant notReadyTime;
    /** Whether the guest booted and the agent has not reported since (the instance view lags). */
    private boolean lagging;
    private int readsLeft;
    private Instant lagEndsBy;

    /** A freshly created VM: Not Ready until the agent has booted. */
    void created(int readsBeforeFresh, Duration settleAfter) {
        report = Report.NOT_READY;
        notReadyTime = Instant.now();
        lag(readsBeforeFresh, settleAfter);
    }

    /** The guest rebooted (restart, start, resize of a running VM): the last status stays visible for a while. */
    void rebooted(int readsBeforeFresh, Duration settleAfter) {
        if (report == Report.NONE) {
            created(readsBeforeFresh, settleAfter);
            return;
        }
        lag(readsBeforeFresh, settleAfter);
    }

    void deallocated() {
        report = Report.NONE;
        lagging = false;
    }

    /** Whether the agent has reported since the guest last booted (what Run Command needs). */
    boolean fresh(ArmPowerState power) {
        settleIfOverdue();
        return power == ArmPowerState.RUNNING && report == Report.READY && !lagging;
    }

    /**
     * The {@code vmAgent} section of one instance-view read (null: none). While the guest runs, each read counts
     * towards the lag: the first {@code readsBeforeFresh} show the old status, the next one a fresh Ready.
     */
    ObjectNode render(ArmPowerState power) {
        if (!power.allocated() || report == Report.NONE) {
            return null;
        }
        settleIfOverdue();
        if (lagging && power == ArmPowerState.RUNNING) {
            if (readsLeft > 0) {
                readsLeft--;
            } else {
                reportReady();
            }
        }
        return report == Report.NOT_READY
                ? agent("Unknown", "ProvisioningState/Unavailable", "Warning", "Not Ready",
                        "VM status blob is found but not yet populated.", notReadyTime)
                : agent(VERSION, "ProvisioningState/succeeded", "Info", "Ready",
                        "GuestAgent is running and processing the extensions.", readyTime);
    }

    private static ObjectNode agent(String version, String code, String level, String display, String message,
            Instant time) {
        ObjectNode agent = Json.object();
        agent.put("vmAgentVersion", version);
        ObjectNode status = agent.putArray("statuses").addObject();
        status.put("code", code);
        status.put("level", level);
        status.put("displayStatus", display);
        status.put("message", message);
        status.put("time", time.toString());
        return agent;
    }

    private void lag(int reads, Duration settleAfter) {
        lagging = true;
        readsLeft = Math.max(0, reads);
        lagEndsBy = Instant.now().plus(settleAfter);
    }

    private void reportReady() {
        report = Report.READY;
        readyTime = Instant.now();
        lagging = false;
    }

    private void settleIfOverdue() {
        if (lagging && Instant.now().isAfter(lagEndsBy)) {
            reportReady();
        }
    }
}
