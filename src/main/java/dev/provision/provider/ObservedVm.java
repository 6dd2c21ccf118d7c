package dev.provision.provider;

import java.util.Map;
import java.util.TreeMap;

/**
 * A VM as a provider read it. The common facts are typed; what only one cloud knows (hardware version, security
 * type, host capability…) is in {@code properties}, which plans show as the VM's "before" and which the stale-plan
 * check compares.
 *
 * @param id         the provider's stable identifier (Azure resource ID, vSphere managed object ID, lab name)
 * @param properties provider-specific facts, plain strings; sorted for stable output
 */
public record ObservedVm(String name, String id, PowerState power, boolean nestedVirtualization,
                         Map<String, String> properties) {
    public ObservedVm {
        properties = java.util.Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    public String property(String key) {
        return properties.get(key);
    }

    /** Everything a plan records as "before", in one flat, sorted map. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new TreeMap<>(properties);
        out.put("power", power.key());
        out.put("nestedVirtualization", nestedVirtualization);
        return out;
    }
}
