package dev.provision.vsphere;

import com.vmware.vim25.OptionValue;
import java.util.UUID;

/**
 * The note a clone carries from the moment vCenter makes it: "provision made me, in run X, and may not be done".
 * It is part of the clone's own config spec, so no clone exists without it; it is removed once the clone is powered
 * on, customized and its VMware Tools answer. A VM of the spec's name that carries it is an interrupted create to
 * finish (power on, wait), never a reason for a second clone; a VM of that name without it is someone else's VM.
 *
 * <p>A {@code guestinfo.} key, like {@link RestoreMarker}, so that it can be removed while the clone runs.
 */
final class CreateMarker {
    static final String KEY = "guestinfo.provision.create";

    private CreateMarker() {}

    /** A fresh run id for one create. */
    static OptionValue newRun() {
        return option(UUID.randomUUID().toString());
    }

    static OptionValue remove() {
        return option("");
    }

    private static OptionValue option(String value) {
        return ExtraConfig.entry(KEY, value);
    }
}
