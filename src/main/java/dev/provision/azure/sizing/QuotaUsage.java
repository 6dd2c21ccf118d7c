package dev.provision.azure.sizing;

/** One line of the region's compute usages: a vCPU family's (or the regional total's) use and limit. */
public record QuotaUsage(String name, long current, long limit) {
    public long free() {
        return Math.max(0, limit - current);
    }
}
