package dev.provision.armlab;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The two shapes in which Azure returns action Run Command output, as recorded:
 * Windows scripts give {@code ComponentStatus/StdOut/succeeded} and {@code ComponentStatus/StdErr/succeeded}
 * entries; Linux shell scripts one {@code ProvisioningState/succeeded} entry holding "[stdout]" and "[stderr]".
 */
final class RunCommandOutput {
    /** Azure keeps only the last 4,096 bytes of each stream. */
    static final int MAX_BYTES = 4096;

    private RunCommandOutput() {}

    static ObjectNode of(String commandId, GuestScriptResult result) {
        ObjectNode body = Json.object();
        ArrayNode value = body.putArray("value");
        String stdout = lastBytes(result.stdout());
        String stderr = lastBytes(result.stderr());
        if ("RunShellScript".equalsIgnoreCase(commandId)) {
            status(value, "ProvisioningState/succeeded",
                    "Enable succeeded: \n[stdout]\n" + stdout + "\n[stderr]\n" + stderr);
        } else {
            status(value, "ComponentStatus/StdOut/succeeded", stdout);
            status(value, "ComponentStatus/StdErr/succeeded", stderr);
        }
        return body;
    }

    private static void status(ArrayNode value, String code, String message) {
        ObjectNode status = value.addObject();
        status.put("code", code);
        status.put("level", "Info");
        status.put("displayStatus", "Provisioning succeeded");
        status.put("message", message);
    }

    static String lastBytes(String text) {
        if (text == null) {
            return "";
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_BYTES) {
            return text;
        }
        int from = bytes.length - MAX_BYTES;
        while (from < bytes.length && (bytes[from] & 0xC0) == 0x80) {
            from++; // do not start inside a multi-byte character
        }
        return new String(Arrays.copyOfRange(bytes, from, bytes.length), StandardCharsets.UTF_8);
    }
}
