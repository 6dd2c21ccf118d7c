package dev.provision.vsphere;

/**
 * A VM's CPU and memory as vSphere reports them, with what decides whether they can grow while it runs, and the
 * capacity of the host it runs on. Plain values: no yavijava type leaves this package.
 *
 * @param vcpus                  config.hardware.numCPU
 * @param coresPerSocket         config.hardware.numCoresPerSocket
 * @param memoryMB               config.hardware.memoryMB
 * @param cpuHotAdd              config.cpuHotAddEnabled
 * @param memoryHotAdd           config.memoryHotAddEnabled
 * @param hotAddMemoryLimitMB    config.hotPlugMemoryLimit (reported for a running VM with memory hot-add), or null
 * @param hotAddMemoryIncrementMB config.hotPlugMemoryIncrementSize (same), or null
 * @param hostCpuThreads         the host's summary.hardware.numCpuThreads (logical CPUs), or null when unknown
 * @param hostMemoryMB           the host's summary.hardware.memorySize in MB, or null when unknown
 */
public record VmSizing(int vcpus, int coresPerSocket, long memoryMB, boolean cpuHotAdd, boolean memoryHotAdd,
                       Long hotAddMemoryLimitMB, Long hotAddMemoryIncrementMB, Integer hostCpuThreads,
                       Long hostMemoryMB) {
    /** Nothing read: sizes are then neither compared nor changed. */
    public static final VmSizing UNKNOWN = new VmSizing(0, 0, 0, false, false, null, null, null, null);

    public boolean known() {
        return vcpus > 0 && memoryMB > 0;
    }
}
