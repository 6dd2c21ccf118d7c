package dev.provision.vsphere.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The launcher's {@code -scenario} JSON, built in Java: per-VM and per-host properties a test needs.
 * VMs and hosts are matched by their vcsim names ({@link VcsimServer#vmName}, {@link VcsimServer#hostName}).
 */
public final class VcsimScenario {
    private Map<String, Object> allVms;
    private final List<Map<String, Object>> vms = new ArrayList<>();
    private Map<String, Object> allHosts;
    private final List<Map<String, Object>> hosts = new ArrayList<>();
    private final Map<String, Integer> methodDelayMillis = new LinkedHashMap<>();

    public static VcsimScenario create() {
        return new VcsimScenario();
    }

    public VcsimScenario allVms(Consumer<Vm> settings) {
        Vm vm = new Vm(null);
        settings.accept(vm);
        allVms = vm.props;
        return this;
    }

    public VcsimScenario vm(String vcsimName, Consumer<Vm> settings) {
        Vm vm = new Vm(vcsimName);
        settings.accept(vm);
        vms.add(vm.props);
        return this;
    }

    public VcsimScenario allHosts(Consumer<Host> settings) {
        Host host = new Host(null);
        settings.accept(host);
        allHosts = host.props;
        return this;
    }

    public VcsimScenario host(String vcsimName, Consumer<Host> settings) {
        Host host = new Host(vcsimName);
        settings.accept(host);
        hosts.add(host.props);
        return this;
    }

    /** vcsim waits this long before handling each call of the method (e.g. PowerOffVM_Task): a slow host. */
    public VcsimScenario methodDelay(String method, int millis) {
        methodDelayMillis.put(method, millis);
        return this;
    }

    /** The JSON document as nested maps, ready for Jackson. */
    Map<String, Object> toJsonTree() {
        Map<String, Object> tree = new LinkedHashMap<>();
        if (!methodDelayMillis.isEmpty()) {
            tree.put("methodDelayMillis", methodDelayMillis);
        }
        if (allVms != null) {
            tree.put("allVms", allVms);
        }
        tree.put("vms", vms);
        if (allHosts != null) {
            tree.put("allHosts", allHosts);
        }
        tree.put("hosts", hosts);
        return tree;
    }

    public static final class Vm {
        private final Map<String, Object> props = new LinkedHashMap<>();

        private Vm(String match) {
            if (match != null) {
                props.put("match", match);
            }
        }

        public Vm name(String v) { props.put("name", v); return this; }
        public Vm poweredOn() { props.put("powerState", "poweredOn"); return this; }
        public Vm poweredOff() { props.put("powerState", "poweredOff"); return this; }
        public Vm suspended() { props.put("powerState", "suspended"); return this; }
        public Vm hardwareVersion(String v) { props.put("hardwareVersion", v); return this; }
        public Vm nestedHvEnabled(boolean v) { props.put("nestedHVEnabled", v); return this; }
        public Vm vhvEnable(String v) { props.put("vhvEnable", v); return this; }
        public Vm guestId(String v) { props.put("guestId", v); return this; }
        public Vm firmware(String v) { props.put("firmware", v); return this; }
        public Vm faultToleranceState(String v) { props.put("faultToleranceState", v); return this; }
        public Vm pciPassthrough() { props.put("passthrough", "pci"); return this; }
        public Vm vgpu() { props.put("passthrough", "vgpu"); return this; }
        public Vm onHost(String vcsimHostName) { props.put("host", vcsimHostName); return this; }
        public Vm toolsRunning(boolean v) { props.put("toolsRunning", v); return this; }
        /** MarkAsTemplate: a clone source (powered off, no resource pool). */
        public Vm template() { props.put("template", true); return this; }

        @SuppressWarnings("unchecked")
        public Vm extraConfig(String key, String value) {
            ((Map<String, String>) props.computeIfAbsent("extraConfig", k -> new LinkedHashMap<>())).put(key, value);
            return this;
        }
        /** config.hardware.numCPU and numCoresPerSocket (vcsim's own VMs have 1 and 1). */
        public Vm cpus(int count, int coresPerSocket) { props.put("numCPU", count); props.put("coresPerSocket", coresPerSocket); return this; }
        /** config.hardware.memoryMB (vcsim's own VMs have 32). */
        public Vm memoryMB(int v) { props.put("memoryMB", v); return this; }
        public Vm cpuHotAdd(boolean v) { props.put("cpuHotAddEnabled", v); return this; }
        public Vm memoryHotAdd(boolean v) { props.put("memoryHotAddEnabled", v); return this; }
        /** config.hotPlugMemoryLimit, which ESXi reports for a running VM with memory hot-add. */
        public Vm hotPlugMemoryLimitMB(long v) { props.put("hotPlugMemoryLimitMB", v); return this; }

        /** The simulated Windows inside (see the launcher's guest.go); unset values keep its defaults. */
        public Vm guest(Consumer<Guest> settings) {
            Guest guest = new Guest();
            settings.accept(guest);
            props.put("guest", guest.props);
            return this;
        }
    }

    /**
     * A VM's simulated Windows: the one account guest operations accept, the edition, the features and their
     * states, a pending restart, the user's distros; and knobs for the transport's timing and failures.
     */
    public static final class Guest {
        private final Map<String, Object> props = new LinkedHashMap<>();
        private final Map<String, String> features = new LinkedHashMap<>();

        public Guest login(String user, String password) { props.put("username", user); props.put("password", password); return this; }
        public Guest computer(String name) { props.put("computer", name); return this; }
        public Guest notAdministrator() { props.put("admin", false); return this; }
        public Guest edition(String editionId) { props.put("edition", editionId); return this; }
        public Guest build(int v) { props.put("build", v); return this; }
        /** state: Enabled, Disabled or EnablePending. */
        public Guest feature(String name, String state) { features.put(name, state); props.put("features", features); return this; }
        public Guest rebootPending(boolean v) { props.put("rebootPending", v); return this; }
        public Guest hypervisorLaunchType(String v) { props.put("hypervisorLaunchType", v); return this; }
        public Guest wslVersion(String v) { props.put("wslVersion", v); return this; }
        public Guest distros(String... names) { props.put("distros", List.of(names)); return this; }
        public Guest distroVersion(int v) { props.put("distroVersion", v); return this; }
        public Guest dockerDesktop(String version) { props.put("dockerDesktop", version); return this; }
        /** As [IO.File]::WriteAllLines writes (utf-8, the default) or as PowerShell 5.1's Out-File (utf-16le). */
        public Guest outputEncoding(String v) { props.put("outputEncoding", v); return this; }
        public Guest processMillis(int v) { props.put("processMillis", v); return this; }
        public Guest rebootMillis(int v) { props.put("rebootMillis", v); return this; }
        /** How long a clean shutdown takes once asked; without it vcsim powers the VM off at once. */
        public Guest shutdownMillis(int v) { props.put("shutdownMillis", v); return this; }
        /** The first n guest-operation calls fail with GuestOperationsUnavailable, as right after a boot. */
        public Guest unavailableCalls(int n) { props.put("unavailableCalls", n); return this; }
    }

    public static final class Host {
        private final Map<String, Object> props = new LinkedHashMap<>();

        private Host(String match) {
            if (match != null) {
                props.put("match", match);
            }
        }

        public Host nestedHvSupported(boolean v) { props.put("nestedHVSupported", v); return this; }
        /** The host does not report capability.nestedHVSupported at all (vcsim itself, some older hosts). */
        public Host nestedHvUnreported() { props.put("nestedHVUnreported", true); return this; }
        public Host productVersion(String v) { props.put("productVersion", v); return this; }
        /** What the host reports as summary.config.sslThumbprint instead of its real certificate's. */
        public Host sslThumbprint(String v) { props.put("sslThumbprint", v); return this; }
        /** summary.hardware (vcsim's own hosts: 2 cores, 2 threads, 4 GiB). */
        public Host hardware(int cores, int threads, long memoryMiB) {
            props.put("numCpuCores", cores); props.put("numCpuThreads", threads); props.put("memoryMiB", memoryMiB); return this;
        }
    }
}
