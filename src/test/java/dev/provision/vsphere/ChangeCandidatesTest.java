package dev.provision.vsphere;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.vmware.vim25.OptionValue;
import com.vmware.vim25.VirtualMachineFaultToleranceState;
import com.vmware.vim25.VirtualMachinePowerState;
import dev.provision.model.Action;
import dev.provision.model.Change;
import dev.provision.model.DesiredVm;
import dev.provision.plan.SelectorResolver;
import dev.provision.provider.Inventory;
import dev.provision.spec.DesiredState;
import dev.provision.spec.Diagnostic;
import dev.provision.spec.PowerCyclePolicy;
import dev.provision.spec.SecretRef;
import dev.provision.spec.SizeRequirement;
import dev.provision.spec.SourceLocation;
import dev.provision.spec.TargetKind;
import dev.provision.spec.TargetSpec;
import dev.provision.spec.VmSelector;
import dev.provision.spec.VsphereSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which VMs the inventory read leaves settled, judged on the raw properties of the first read. The promise that
 * matters: a VM judged settled is one the rules plan as a no-op when they see it in full; checked over every
 * combination of the states and wishes that decide it.
 */
class ChangeCandidatesTest {
    private static final DesiredState NEST = new DesiredState(true, null, PowerCyclePolicy.GRACEFUL, null, null, null, null);
    private static final DesiredState HIDE = new DesiredState(false, null, PowerCyclePolicy.GRACEFUL, null, null, null, null);
    private static final DesiredState DESKTOP = new DesiredState(true, new SizeRequirement(null, 4, 16, null, null),
            PowerCyclePolicy.GRACEFUL, null, null, null, null);

    private static TargetSpec target(DesiredState desired, VmSelector... entries) {
        return new TargetSpec("vc", TargetKind.VSPHERE, new VsphereSettings("https://vc.example/sdk", "svc",
                SecretRef.parse("${env:VSPHERE_PASSWORD}", null), "AB".repeat(32), null, false, null),
                List.of(entries), desired, SourceLocation.UNKNOWN);
    }

    private static VmSelector pattern(String glob, DesiredState overrides) {
        return new VmSelector(null, glob, overrides, SourceLocation.UNKNOWN);
    }

    private static VmSelector named(String name, DesiredState overrides) {
        return new VmSelector(name, null, overrides, SourceLocation.UNKNOWN);
    }

    /** The properties of one VM as yavijava hands them over: the first read's, and the details beside them. */
    private static Map<String, Object> vm(String name, boolean flag, String vhv, int cpus, int memoryMB, String marker) {
        Map<String, Object> props = new HashMap<>();
        props.put("name", name);
        props.put("resourcePool", VsphereConnection.mor("ResourcePool", "resgroup-1"));
        props.put("runtime.powerState", VirtualMachinePowerState.poweredOn);
        props.put("config.nestedHVEnabled", flag);
        List<OptionValue> extra = new ArrayList<>();
        if (vhv != null) {
            extra.add(ExtraConfig.entry("vhv.enable", vhv));
        }
        if (marker != null) {
            extra.add(ExtraConfig.entry(marker, "poweredOn"));
        }
        props.put("config.extraConfig", extra.toArray(new OptionValue[0]));
        props.put("config.hardware.numCPU", cpus);
        props.put("config.hardware.numCoresPerSocket", 1);
        props.put("config.hardware.memoryMB", memoryMB);
        props.put("config.version", "vmx-13");
        props.put("config.guestId", "windows9_64Guest");
        props.put("config.firmware", "efi");
        props.put("runtime.faultToleranceState", VirtualMachineFaultToleranceState.notConfigured);
        props.put("guest.toolsRunningStatus", "guestToolsRunning");
        props.put("runtime.host", VsphereConnection.mor("HostSystem", "host-1"));
        props.put("config.cpuHotAddEnabled", false);
        props.put("config.memoryHotAddEnabled", false);
        return props;
    }

    @Test
    void aVmWhoseNestingIsAsWantedAndCarriesNoNoteIsSettled() {
        ChangeCandidates candidates = ChangeCandidates.of(target(NEST, pattern("desk-*", DesiredState.EMPTY)));
        assertFalse(candidates.mayChange("desk-1", vm("desk-1", true, "TRUE", 2, 8192, null)));
        assertFalse(candidates.mayChange("desk-1", vm("desk-1", true, null, 2, 8192, null)), "vhv.enable may be absent");
        assertTrue(candidates.mayChange("desk-1", vm("desk-1", false, null, 2, 8192, null)), "nesting off");
        assertTrue(candidates.mayChange("desk-1", vm("desk-1", true, "FALSE", 2, 8192, null)), "flag and key disagree");
        assertFalse(candidates.sizesFirst(), "no entry asks for a size");
    }

    @Test
    void aNoteOfAnInterruptedApplyMakesAVmACandidateWhateverItsState() {
        ChangeCandidates candidates = ChangeCandidates.of(target(NEST, pattern("*", DesiredState.EMPTY)));
        assertTrue(candidates.mayChange("a", vm("a", true, "TRUE", 2, 8192, RestoreMarker.KEY)));
        assertTrue(candidates.mayChange("a", vm("a", true, "TRUE", 2, 8192, CreateMarker.KEY)));
        assertFalse(candidates.mayChange("a", vm("a", true, "TRUE", 2, 8192, VsphereLeases.KEY)),
                "a lease is the core's business; it changes nothing the rules decide");
    }

    @Test
    void sizesDecideOnlyWhereAnEntryAsksForOneAndAreThenReadWithEveryVm() {
        ChangeCandidates candidates = ChangeCandidates.of(target(NEST, pattern("desk-*", DESKTOP),
                pattern("web-*", DesiredState.EMPTY)));
        assertTrue(candidates.sizesFirst());
        assertTrue(candidates.mayChange("desk-1", vm("desk-1", true, "TRUE", 2, 16384, null)), "too few vCPUs");
        assertTrue(candidates.mayChange("desk-1", vm("desk-1", true, "TRUE", 4, 8192, null)), "too little memory");
        assertFalse(candidates.mayChange("desk-1", vm("desk-1", true, "TRUE", 8, 32768, null)));
        assertFalse(candidates.mayChange("web-1", vm("web-1", true, "TRUE", 2, 8192, null)), "no size asked of it");
        Map<String, Object> unreported = vm("desk-2", true, "TRUE", 8, 32768, null);
        unreported.remove("config.hardware.memoryMB");
        assertTrue(candidates.mayChange("desk-2", unreported), "sizes asked for but not reported: read it in full");
    }

    @Test
    void entriesThatDisagreeOrWantNestingHiddenMakeCandidatesAndUnselectedVmsAreSettled() {
        ChangeCandidates candidates = ChangeCandidates.of(target(NEST, pattern("*", DesiredState.EMPTY),
                named("lab-1", HIDE)));
        assertTrue(candidates.mayChange("lab-1", vm("lab-1", true, "TRUE", 2, 8192, null)), "one entry wants it hidden");
        assertTrue(candidates.mayChange("lab-1", vm("lab-1", false, null, 2, 8192, null)), "the other wants it on");
        ChangeCandidates narrow = ChangeCandidates.of(target(NEST, pattern("desk-*", DesiredState.EMPTY)));
        assertFalse(narrow.mayChange("build-7", vm("build-7", false, null, 2, 8192, null)), "no entry selects it");
    }

    @Test
    void aTargetWithoutEntriesReadsEveryVmInFull() {
        ChangeCandidates candidates = ChangeCandidates.of(target(NEST));
        assertSame(ChangeCandidates.EVERY_VM, candidates);
        assertTrue(candidates.everyVm());
        assertTrue(candidates.sizesFirst());
        assertTrue(candidates.mayChange("x", vm("x", true, "TRUE", 8, 32768, null)));
    }

    /** Every combination of flag, key, sizes, note and wish: settled always means the rules plan nothing. */
    @Test
    void everyVmJudgedSettledIsANoOpForTheRules() {
        VsphereRules rules = new VsphereRules();
        int settled = 0;
        int candidates = 0;
        for (DesiredState wish : List.of(NEST, HIDE, DESKTOP)) {
            TargetSpec target = target(DesiredState.EMPTY, pattern("*", wish));
            ChangeCandidates judge = ChangeCandidates.of(target);
            for (boolean flag : new boolean[] {true, false}) {
                for (String vhv : new String[] {null, "TRUE", "FALSE"}) {
                    for (int[] size : new int[][] {{2, 8192}, {4, 16384}, {8, 32768}, {4, 16383}}) {
                        for (String marker : new String[] {null, RestoreMarker.KEY, CreateMarker.KEY}) {
                            String name = "vm-" + (settled + candidates);
                            Map<String, Object> props = vm(name, flag, vhv, size[0], size[1], marker);
                            if (judge.mayChange(name, props)) {
                                candidates++;
                                continue;
                            }
                            settled++;
                            Change change = planInFull(rules, target, name, props);
                            assertEquals(Action.NO_OP, change.action(), () -> "judged settled, but the rules plan "
                                    + change + " for " + props);
                        }
                    }
                }
            }
        }
        assertTrue(settled > 10 && candidates > 10, "both sides exercised: " + settled + " settled, " + candidates);
    }

    private static Change planInFull(VsphereRules rules, TargetSpec target, String name, Map<String, Object> props) {
        InventoryPaths paths = new InventoryPaths();
        Map<String, InventoryReader.HostFacts> hosts = Map.of("host-1",
                new InventoryReader.HostFacts("esx-1", true, "7.0.3", 16, 131072L));
        VsphereVm full = VmProperties.toVm("vm-1", props, paths, hosts, true);
        Inventory inventory = new Inventory(List.of(ObservedVms.of(full)), new VsphereFacts(Map.of(), Set.of()));
        List<Diagnostic> problems = new ArrayList<>();
        List<DesiredVm> desired = SelectorResolver.resolve(target, inventory, problems);
        assertTrue(problems.isEmpty(), problems::toString);
        return rules.plan(target, inventory, desired).changes().get(0);
    }

    @Test
    void theRulesRefuseAChangeToAVmWhoseDetailsWereNotRead() {
        Map<String, Object> props = vm("desk-1", false, null, 2, 8192, null);
        VsphereVm lean = VmProperties.toVm("vm-1", props, new InventoryPaths(), Map.of(), false);
        TargetSpec target = target(NEST, pattern("*", DesiredState.EMPTY));
        Inventory inventory = new Inventory(List.of(ObservedVms.of(lean)), new VsphereFacts(Map.of(), Set.of()));
        Change change = new VsphereRules().plan(target, inventory,
                SelectorResolver.resolve(target, inventory, new ArrayList<>())).changes().get(0);
        assertTrue(change.blocked() != null && change.blocked().reason().contains("did not read this VM's details"),
                change::toString);
        assertEquals(ObservedVms.DETAILS_NOT_READ, change.before().get(ObservedVms.DETAILS));
        assertFalse(change.before().containsKey(ObservedVms.GUEST_ID), "nothing unread is shown as if known");
    }

    /** What the first read asks of every VM: the details only when every VM is read in full. */
    @Test
    void theFirstReadAsksForDetailsOnlyWhenEveryVmIsReadInFull() {
        List<String> lean = List.of(InventoryReader.firstVmPaths(ChangeCandidates.of(target(NEST, pattern("*", NEST)))));
        assertEquals(List.of(InventoryReader.VM_PATHS), lean);
        List<String> sized = List.of(InventoryReader.firstVmPaths(ChangeCandidates.of(target(NEST, pattern("*", DESKTOP)))));
        assertTrue(sized.containsAll(List.of(InventoryReader.SIZE_PATHS)) && !sized.contains("config.guestId"));
        List<String> full = List.of(InventoryReader.firstVmPaths(ChangeCandidates.EVERY_VM));
        assertTrue(full.containsAll(List.of(InventoryReader.DETAIL_PATHS)));
    }
}
