package dev.provision.azure;

import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import dev.provision.provider.PowerState;
import dev.provision.spec.Keyed;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The note an apply leaves on an Azure VM before it takes the VM out of the power state the user left it in: a
 * deallocate for a resize off the hardware cluster, or the feature script and the restart that finishes it. It is a
 * tag, {@value #TAG}, so that it lives on the VM itself (as vSphere's {@code guestinfo.provision.restorePowerState})
 * and survives a killed apply; it is removed once the VM is back in that state. The next plan reads it and finishes
 * the change whatever {@code powerCycle} says, since doing so only gives back what the user had.
 *
 * @param owed the power state the user left the VM in
 * @param step what provision was doing when it wrote the marker
 * @param at   when it wrote it (this machine's clock, to the second: for people reading the plan)
 */
record RestoreMarker(PowerState owed, Step step, Instant at) {
    static final String TAG = "provision-restore-power";
    private static final String FOR = ";for=";
    private static final String AT = ";at=";

    /** What an apply was doing with the VM out of its power state. */
    enum Step implements Keyed {
        /** Deallocate, resize, start: the VM is deallocated in between. */
        RESIZE("resize"),
        /** Enable Windows features by Run Command, then restart the VM. */
        FEATURES("features");

        private final String key;

        Step(String key) {
            this.key = key;
        }

        @Override
        public String key() {
            return key;
        }
    }

    static RestoreMarker of(PowerState owed, Step step, Instant now) {
        return new RestoreMarker(owed, step, now.truncatedTo(ChronoUnit.SECONDS));
    }

    /** The marker on a VM as read (tags come with the listing and every GET), or empty when it has none. */
    static Optional<String> textOf(VirtualMachineInner vm) {
        String text = vm.tags() == null ? null : vm.tags().get(TAG);
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(text);
    }

    /** What is written on the VM, e.g. {@code on;for=resize;at=2026-12-07T08:00:00Z}. */
    String text() {
        return owed.key() + FOR + step.key() + AT + at;
    }

    /**
     * Reads what {@link #text()} wrote; empty for text that is not a marker (edited by hand, cut short), which the
     * rules name in a warning rather than guess a power state from.
     */
    static Optional<RestoreMarker> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int forAt = text.indexOf(FOR);
        int atAt = text.indexOf(AT);
        if (forAt < 0 || atAt < forAt) {
            return Optional.empty();
        }
        Optional<PowerState> owed = Keyed.lookup(PowerState.class, text.substring(0, forAt).strip());
        Optional<Step> step = Keyed.lookup(Step.class, text.substring(forAt + FOR.length(), atAt).strip());
        if (owed.isEmpty() || step.isEmpty() || owed.get() == PowerState.UNKNOWN) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RestoreMarker(owed.get(), step.get(),
                    Instant.parse(text.substring(atAt + AT.length()).strip())));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * What the plan says was interrupted, from the VM's power state now, e.g. "interrupted apply: VM deallocated by
     * provision at 2026-12-07T08:00:00Z for a resize".
     */
    String interrupted(PowerState now) {
        if (step == Step.FEATURES) {
            return "interrupted apply: provision was enabling guest features and restarting this VM (since " + at
                    + ")";
        }
        return "interrupted apply: VM " + (now == PowerState.DEALLOCATED ? "deallocated" : "taken out of power "
                + "state " + owed.key()) + " by provision at " + at + " for a resize";
    }
}
