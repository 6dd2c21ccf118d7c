package dev.provision.azure;

import dev.provision.azure.sizing.QuotaUsage;
import dev.provision.azure.sizing.VmSku;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The region's vCPU usages as a batch of changes would leave them: a resize of an allocated VM gives its old cores
 * back, every size picked for a group of VMs takes its cores, so the next group is judged on what is really left.
 * That is how a plan can say "quota exhausted" for the whole batch before anything is written. Cores are counted as
 * Azure charges them: a size's full {@code vCPUs}, also for constrained-vCPU sizes whose guest gets fewer.
 */
final class QuotaLedger {
    static final String REGIONAL = "cores";
    private final Map<String, QuotaUsage> byName = new LinkedHashMap<>();

    QuotaLedger(List<QuotaUsage> usages) {
        for (QuotaUsage usage : usages) {
            byName.putIfAbsent(key(usage.name()), usage);
        }
    }

    List<QuotaUsage> usages() {
        return new ArrayList<>(byName.values());
    }

    void release(VmSku size) {
        add(size.family(), -size.vcpus());
        add(REGIONAL, -size.vcpus());
    }

    void take(VmSku size, int count) {
        add(size.family(), (long) size.vcpus() * count);
        add(REGIONAL, (long) size.vcpus() * count);
    }

    private void add(String name, long vcpus) {
        QuotaUsage usage = byName.get(key(name));
        if (usage != null) {
            byName.put(key(name), new QuotaUsage(usage.name(), Math.max(0, usage.current() + vcpus), usage.limit()));
        }
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
