package dev.provision.vsphere;

import dev.provision.spec.SizeRequirement;
import java.util.ArrayList;
import java.util.List;

/**
 * The CPUs and memory a vSphere VM should have for the spec's {@code size:} minimums, and what it costs to get
 * there. Sizes only grow: a VM bigger than asked is left as it is. {@code exact}, {@code preferred} and
 * {@code allowAmd} name Azure sizes and mean nothing here.
 *
 * <p>Whether a running VM can grow without a power cycle follows VMware's documented rules (vSphere Automation
 * API, vcenter Vm.Hardware.Cpu.UpdateSpec and Vm.Hardware.Memory.UpdateSpec/Memory.Info): on a running VM the CPU
 * count "may only be increased if hot-add-enabled is true"; memory likewise, and the new size must satisfy the
 * hot-add increment (the total a multiple of it, at least one increment added) and limit; the hot-add flags
 * themselves change only while the VM is off. Cores per socket are kept while hot-adding (CPUs are added as
 * whole sockets). Nested virtualization always needs the VM off, so any change that carries it costs a power cycle
 * anyway and the sizes ride along in the same ReconfigVM_Task.
 *
 * @param vcpus          the count wanted (the current one when it already suffices)
 * @param coresPerSocket the layout wanted: the VM's own unless the count changes, then see {@link #layout}
 * @param memoryMB       the memory wanted, a multiple of {@link #MEMORY_GRANULE_MB}
 */
record SizeChange(VmSizing now, int vcpus, int coresPerSocket, long memoryMB, boolean memoryRounded) {
    /**
     * vSphere takes memory in multiples of 4 MB (the vSphere Client refuses other values). Whole GiB from the spec
     * always are; the rounding guards the arithmetic, and the plan says so when it had to round.
     */
    static final long MEMORY_GRANULE_MB = 4;
    /**
     * Windows 10/11 Pro and Education use at most 2 processor sockets (Home 1): a layout with more sockets leaves
     * vCPUs unused in the guest. Microsoft does not document the limit; it comes from the licence values the kernel
     * reads (blog.poly.nomial.co.uk, "CPU Socket and Core Count Limits in Windows 10", 2022; Wikipedia, Windows 10
     * editions).
     */
    static final int DESKTOP_MAX_SOCKETS = 2;

    /** What the spec asks of a VM with these sizes; {@code null} when the sizes were not read. */
    static SizeChange wanted(VmSizing now, SizeRequirement size) {
        if (!now.known()) {
            return null;
        }
        int vcpus = Math.max(now.vcpus(), size.minVcpusOrZero());
        long asked = Math.max(now.memoryMB(), size.minMemoryGiBOrZero() * 1024L);
        long memory = roundUpToGranule(asked);
        int coresPerSocket = vcpus == now.vcpus() ? now.coresPerSocket() : layout(now.coresPerSocket(), vcpus);
        return new SizeChange(now, vcpus, coresPerSocket, memory,
                memory != asked && memory != now.memoryMB());
    }

    static long roundUpToGranule(long mb) {
        return (mb + MEMORY_GRANULE_MB - 1) / MEMORY_GRANULE_MB * MEMORY_GRANULE_MB;
    }

    /**
     * Cores per socket for a new CPU count: the VM's own while it divides the count into at most
     * {@link #DESKTOP_MAX_SOCKETS} sockets, else one socket with every core (always a valid layout, and one every
     * Windows edition uses fully).
     */
    static int layout(int currentCoresPerSocket, int vcpus) {
        int current = Math.max(1, currentCoresPerSocket);
        return vcpus % current == 0 && vcpus / current <= DESKTOP_MAX_SOCKETS ? current : vcpus;
    }

    boolean cpuChanges() {
        return vcpus != now.vcpus() || coresPerSocket != now.coresPerSocket();
    }

    boolean memoryChanges() {
        return memoryMB != now.memoryMB();
    }

    boolean changes() {
        return cpuChanges() || memoryChanges();
    }

    /** The plan's reasons, e.g. "vCPUs 2 → 4 (1 socket of 4 cores)", "memory 8 → 16 GiB". */
    List<String> reasons() {
        List<String> out = new ArrayList<>();
        if (cpuChanges()) {
            out.add("vCPUs " + now.vcpus() + " → " + vcpus + " (" + sockets(vcpus, coresPerSocket) + ")");
        }
        if (memoryChanges()) {
            boolean gib = now.memoryMB() % 1024 == 0 && memoryMB % 1024 == 0;
            out.add("memory " + (gib ? now.memoryMB() / 1024 + " → " + memoryMB / 1024 + " GiB"
                    : memory(now.memoryMB()) + " → " + memory(memoryMB))
                    + (memoryRounded ? " (rounded up to a multiple of " + MEMORY_GRANULE_MB + " MB, as vSphere needs)" : ""));
        }
        return out;
    }

    /** Why the VM's host cannot give it these sizes; empty when it can or does not say. */
    List<String> refusals(String host) {
        List<String> out = new ArrayList<>();
        if (cpuChanges() && now.hostCpuThreads() != null && vcpus > now.hostCpuThreads()) {
            out.add(vcpus + " vCPUs wanted, but host " + host + " has only " + now.hostCpuThreads() + " logical CPUs "
                    + "(summary.hardware.numCpuThreads), and a VM cannot have more vCPUs than its host: lower "
                    + "size.minVcpus or move the VM to a bigger host");
        }
        if (memoryChanges() && now.hostMemoryMB() != null && memoryMB > now.hostMemoryMB()) {
            out.add(memory(memoryMB) + " of memory wanted, but host " + host + " has only " + memory(now.hostMemoryMB())
                    + " (summary.hardware.memorySize): lower size.minMemoryGiB or move the VM to a bigger host");
        }
        return out;
    }

    /** Null when a running VM can take the change as it runs; else why it must be off. */
    String whyNotLive() {
        List<String> out = new ArrayList<>();
        if (cpuChanges()) {
            if (!now.cpuHotAdd()) {
                out.add("CPU hot-add is off on this VM");
            } else if (coresPerSocket != now.coresPerSocket()) {
                out.add("the cores per socket change (" + now.coresPerSocket() + " → " + coresPerSocket + "), which "
                        + "hot-add cannot do");
            }
        }
        if (memoryChanges()) {
            Long limit = now.hotAddMemoryLimitMB();
            Long increment = now.hotAddMemoryIncrementMB();
            if (!now.memoryHotAdd()) {
                out.add("memory hot-add is off on this VM");
            } else if (limit != null && memoryMB > limit) {
                out.add("memory hot-add on this VM stops at " + memory(limit) + " (config.hotPlugMemoryLimit)");
            } else if (increment != null && (memoryMB % increment != 0 || memoryMB - now.memoryMB() < increment)) {
                out.add("memory hot-add on this VM adds steps of " + increment + " MB (config.hotPlugMemoryIncrementSize)");
            }
        }
        return out.isEmpty() ? null : String.join(" and ", out);
    }

    private static String sockets(int vcpus, int coresPerSocket) {
        int sockets = vcpus / Math.max(1, coresPerSocket);
        return sockets + (sockets == 1 ? " socket" : " sockets") + " of " + coresPerSocket
                + (coresPerSocket == 1 ? " core" : " cores");
    }

    static String memory(long mb) {
        return mb % 1024 == 0 ? mb / 1024 + " GiB" : mb + " MB";
    }
}
