package dev.provision.provider;

/**
 * What {@code provision sizes} asks of a target. Everything not given here is what the target's own desired state
 * and template ask for, so that the answer agrees with what plan would choose.
 *
 * @param location     the region to look in, or null for the target's own
 * @param minVcpus     fewest vCPUs, or null for the desired state's
 * @param minMemoryGiB least memory in GiB, or null for the desired state's
 * @param count        how many VMs the quota must hold
 * @param refresh      read the region's size list again even when it is cached
 */
public record SizeQuery(String location, Integer minVcpus, Integer minMemoryGiB, int count, boolean refresh) {
}
