package dev.provision.armlab;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** A managed Run Command resource ({@code virtualMachines/runCommands}): its definition and last execution. */
final class ManagedRunCommand {
    final String name;
    final String id;
    final String location;
    /** The definition as sent, without runAsPassword and protectedParameters (Azure never returns them). */
    final ObjectNode properties;
    String provisioningState = "Creating";
    GuestScriptResult result;
    Instant startTime;
    Instant endTime;

    ManagedRunCommand(String vmId, String name, String location, ObjectNode properties) {
        this.name = name;
        this.id = vmId + "/runCommands/" + name;
        this.location = location;
        this.properties = properties;
    }
}
