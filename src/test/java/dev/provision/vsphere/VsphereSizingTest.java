package dev.provision.vsphere;

import static dev.provision.vsphere.VcsimTargets.plan;
import static dev.provision.vsphere.sim.VcsimServer.hostName;
import static dev.provision.vsphere.sim.VcsimServer.vmName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.vmware.vim25.Event;
import com.vmware.vim25.EventFilterSpec;
import com.vmware.vim25.EventFilterSpecByEntity;
import com.vmware.vim25.EventFilterSpecRecursionOption;
import com.vmware.vim25.VmPoweredOffEvent;
import com.vmware.vim25.VmPoweredOnEvent;
import com.vmware.vim25.VmReconfiguredEvent;
import dev.provision.event.EventSink;
import dev.provision.model.Action;
import dev.provision.model.Change;
import dev.provision.model.Disruption;
import dev.provision.provider.ObservedVm;
import dev.provision.provider.PowerState;
import dev.provision.spec.DesiredState;
import dev.provision.spec.PowerCyclePolicy;
import dev.provision.spec.SizeRequirement;
import dev.provision.vsphere.sim.VcsimScenario;
import dev.provision.vsphere.sim.VcsimServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sizes on vSphere against vcsim: what a plan says, and what an apply sends, counted from vCenter's own event log
 * (a VmReconfiguredEvent per ReconfigVM_Task, with its ConfigSpec; a VmPoweredOffEvent/VmPoweredOnEvent per power
 * operation). vcsim's own hosts have 2 logical CPUs and 4 GiB, so the first host is made a desktop host here.
 */
class VsphereSizingTest {
    private static final List<String> NAMES = List.of("size-and-nest", "hot-add", "hot-add-off", "too-big",
            "big-enough", "off-small");

    @RegisterExtension
    static final VcsimServer VCSIM = new VcsimServer().withVms(NAMES.size()).withHosts(2).withScenario(scenario());

    private static VsphereProvider provider;

    private static VcsimScenario scenario() {
        VcsimScenario s = VcsimScenario.create()
                .allVms(vm -> vm.guestId("windows9_64Guest").hardwareVersion("vmx-13").poweredOn().onHost(hostName(0))
                        .cpus(2, 1).memoryMB(8192))
                .host(hostName(0), host -> host.hardware(8, 16, 65536));
        s.vm(vmName(0), vm -> vm.name("size-and-nest"));
        // 1 socket of 2 cores grows to 2 sockets of 2: the layout stays, as hot-add needs.
        s.vm(vmName(1), vm -> vm.name("hot-add").nestedHvEnabled(true).vhvEnable("TRUE").cpus(2, 2)
                .cpuHotAdd(true).memoryHotAdd(true));
        s.vm(vmName(2), vm -> vm.name("hot-add-off").nestedHvEnabled(true).vhvEnable("TRUE").cpus(2, 2));
        s.vm(vmName(3), vm -> vm.name("too-big").onHost(hostName(1)));
        s.vm(vmName(4), vm -> vm.name("big-enough").nestedHvEnabled(true).vhvEnable("TRUE").cpus(8, 8).memoryMB(32768));
        s.vm(vmName(5), vm -> vm.name("off-small").poweredOff());
        return s;
    }

    @BeforeAll
    static void connect() throws Exception {
        provider = VcsimTargets.open(VCSIM);
    }

    @AfterAll
    static void disconnect() {
        if (provider != null) {
            provider.close();
        }
    }

    /** docker-desktop's minimums: 4 vCPUs, 16 GiB, nested virtualization. */
    private static DesiredState desktop() {
        return new DesiredState(true, new SizeRequirement(null, 4, 16, null, null), PowerCyclePolicy.GRACEFUL,
                Duration.ofSeconds(5), null, null, null);
    }

    /** The VM's reconfigure and power events, oldest first, as vCenter records them. */
    private static List<Event> events(String name) throws Exception {
        String moid = provider.read().vm(name).orElseThrow().id();
        return provider.connection().withSession("reading events", (vim, content) -> {
            EventFilterSpecByEntity entity = new EventFilterSpecByEntity();
            entity.setEntity(VsphereConnection.mor("VirtualMachine", moid));
            entity.setRecursion(EventFilterSpecRecursionOption.self);
            EventFilterSpec filter = new EventFilterSpec();
            filter.setEntity(entity);
            // vcsim answers the latest page (10 events by default; API 6.0 has no maxCount): asking only for these
            // types keeps a test's own events within it, and callers compare event keys, not counts.
            filter.setEventTypeId(new String[] {"VmReconfiguredEvent", "VmPoweredOnEvent", "VmPoweredOffEvent"});
            Event[] found = vim.queryEvents(content.getEventManager(), filter);
            List<Event> out = new ArrayList<>();
            for (Event e : found == null ? new Event[0] : found) {
                if (e instanceof VmReconfiguredEvent || e instanceof VmPoweredOnEvent || e instanceof VmPoweredOffEvent) {
                    out.add(e);
                }
            }
            out.sort((a, b) -> Integer.compare(a.getKey(), b.getKey()));
            return out;
        });
    }

    /** The VM's events newer than the key given. */
    private static List<Event> since(String name, int key) throws Exception {
        return events(name).stream().filter(e -> e.getKey() > key).toList();
    }

    private static int lastKey(String name) throws Exception {
        return events(name).stream().mapToInt(Event::getKey).max().orElse(-1);
    }

    /** The ReconfigVM_Tasks that changed hardware (not the power-on note, which only touches extraConfig). */
    private static List<VmReconfiguredEvent> hardwareReconfigures(List<Event> events) {
        return events.stream().filter(e -> e instanceof VmReconfiguredEvent).map(e -> (VmReconfiguredEvent) e)
                .filter(e -> e.getConfigSpec().getNestedHVEnabled() != null || e.getConfigSpec().getNumCPUs() != null
                        || e.getConfigSpec().getMemoryMB() != null)
                .toList();
    }

    private static long count(List<Event> events, Class<? extends Event> type) {
        return events.stream().filter(type::isInstance).count();
    }

    @Test
    void sizesAndNestingGoInOneReconfigureAndOnePowerCycle() throws Exception {
        Change change = plan(provider, VCSIM, "size-and-nest", desktop());
        assertEquals(List.of(Disruption.POWER_CYCLE), change.disruption());
        assertTrue(change.reasons().contains("vCPUs 2 → 4 (1 socket of 4 cores)"), change.reasons().toString());
        assertTrue(change.reasons().contains("memory 8 → 16 GiB"), change.reasons().toString());
        int before = lastKey("size-and-nest");

        ObservedVm after = provider.apply(change, EventSink.NONE);

        List<Event> applied = since("size-and-nest", before);
        List<VmReconfiguredEvent> hardware = hardwareReconfigures(applied);
        assertEquals(1, hardware.size(), "one ReconfigVM_Task carries nesting and sizes: " + applied);
        assertEquals(Boolean.TRUE, hardware.get(0).getConfigSpec().getNestedHVEnabled());
        assertEquals(4, hardware.get(0).getConfigSpec().getNumCPUs());
        assertEquals(4, hardware.get(0).getConfigSpec().getNumCoresPerSocket());
        assertEquals(16384L, hardware.get(0).getConfigSpec().getMemoryMB());
        assertEquals(1, count(applied, VmPoweredOffEvent.class), "one power-off: " + applied);
        assertEquals(1, count(applied, VmPoweredOnEvent.class), "one power-on: " + applied);
        assertTrue(after.nestedVirtualization());
        assertEquals("4", after.property("vcpus"));
        assertEquals("16384", after.property("memoryMB"));
        assertEquals(PowerState.ON, after.power());
        assertEquals(Action.NO_OP, plan(provider, VCSIM, "size-and-nest", desktop()).action());
    }

    @Test
    void hotAddGrowsARunningVmWithoutAPowerCycle() throws Exception {
        Change change = plan(provider, VCSIM, "hot-add", desktop());
        assertEquals(Action.UPDATE, change.action());
        assertEquals(List.of(), change.disruption(), change.reasons().toString());
        assertTrue(change.reasons().contains("vCPUs 2 → 4 (2 sockets of 2 cores)"), change.reasons().toString());
        assertTrue(change.reasons().stream().anyMatch(r -> r.contains("no power cycle")), change.reasons().toString());
        int before = lastKey("hot-add");

        ObservedVm after = provider.apply(change, EventSink.NONE);

        List<Event> applied = since("hot-add", before);
        // The lease is taken and released by reconfigures of its extraConfig key alone; the size is one more.
        List<VmReconfiguredEvent> reconfigures = applied.stream().filter(VmReconfiguredEvent.class::isInstance)
                .map(VmReconfiguredEvent.class::cast).toList();
        assertEquals(1, reconfigures.stream().filter(r -> r.getConfigSpec() != null
                && r.getConfigSpec().getNumCPUs() != null).count(), "one ReconfigVM_Task of the size: " + applied);
        assertTrue(reconfigures.stream().filter(r -> r.getConfigSpec() == null || r.getConfigSpec().getNumCPUs() == null)
                .allMatch(r -> r.getConfigSpec() == null || r.getConfigSpec().getMemoryMB() == null),
                "the other reconfigures carry no size: " + applied);
        assertEquals(0, count(applied, VmPoweredOffEvent.class) + count(applied, VmPoweredOnEvent.class), applied.toString());
        assertEquals("4", after.property("vcpus"));
        assertEquals("2", after.property("coresPerSocket"));
        assertEquals("16384", after.property("memoryMB"));
        assertEquals(PowerState.ON, after.power());
    }

    @Test
    void withoutHotAddASizeChangeCostsAPowerCycle() throws Exception {
        Change change = plan(provider, VCSIM, "hot-add-off", desktop());
        assertEquals(List.of(Disruption.POWER_CYCLE), change.disruption());
        assertTrue(change.reasons().stream().anyMatch(r -> r.contains("CPU hot-add is off on this VM")
                && r.contains("memory hot-add is off")), change.reasons().toString());
    }

    @Test
    void aVmAskingMoreThanItsHostHasIsRefusedWithTheReason() throws Exception {
        Change change = plan(provider, VCSIM, "too-big", desktop());
        assertTrue(change.blocked() != null && change.blocked().kind() == dev.provision.model.Blocked.Kind.REFUSED, String.valueOf(change.blocked()));
        String reason = change.blocked().reason();
        assertTrue(reason.contains("4 vCPUs wanted, but host " + hostName(1) + " has only 2 logical CPUs"), reason);
        assertTrue(reason.contains("16 GiB of memory wanted, but host " + hostName(1) + " has only"), reason);
    }

    @Test
    void aVmAlreadyBigEnoughIsUnchanged() throws Exception {
        Change change = plan(provider, VCSIM, "big-enough", desktop());
        assertEquals(Action.NO_OP, change.action(), change.reasons().toString());
        assertEquals(List.of(), hardwareReconfigures(events("big-enough")));
    }

    @Test
    void aVmThatIsOffIsResizedWithoutBeingStarted() throws Exception {
        Change change = plan(provider, VCSIM, "off-small", desktop());
        assertEquals(List.of(), change.disruption());
        int before = lastKey("off-small");
        ObservedVm after = provider.apply(change, EventSink.NONE);
        assertEquals(PowerState.OFF, after.power());
        assertEquals("4", after.property("vcpus"));
        assertEquals("16384", after.property("memoryMB"));
        assertEquals(0, count(since("off-small", before), VmPoweredOnEvent.class));
    }
}
