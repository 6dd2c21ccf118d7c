package dev.provision.vsphere;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.model.Action;
import dev.provision.model.Blocked;
import dev.provision.model.Change;
import dev.provision.model.DesiredVm;
import dev.provision.model.Disruption;
import dev.provision.model.PlanWarning;
import dev.provision.model.TargetPlan;
import dev.provision.provider.Inventory;
import dev.provision.spec.DesiredState;
import dev.provision.spec.GuestCheck;
import dev.provision.spec.GuestSpec;
import dev.provision.spec.PowerCyclePolicy;
import dev.provision.spec.SecretRef;
import dev.provision.spec.SourceLocation;
import dev.provision.spec.TargetKind;
import dev.provision.spec.TargetSpec;
import dev.provision.spec.VsphereSettings;
import dev.provision.vsphere.VsphereVm.RuntimePowerState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The planning rules alone, on hand-made inventories: every reason a VM is changed, held back or refused. */
class VsphereRulesTest {
    private static final VsphereVm PLAIN = new VsphereVm("vm-1", "win", "/DC0/vm/win", RuntimePowerState.POWERED_ON,
            "vmx-13", false, null, "windows9_64Guest", "efi", true, "notConfigured", false, "esx-1", true, "7.0.3", null);

    private final VsphereRules rules = new VsphereRules();

    private static VsphereVm vm(UnaryOperator<Builder> edit) {
        return edit.apply(new Builder()).build();
    }

    /** Copies PLAIN with the fields a test changes. */
    private static final class Builder {
        String name = PLAIN.name();
        RuntimePowerState power = PLAIN.powerState();
        String hardware = PLAIN.hardwareVersion();
        boolean nested;
        String vhv;
        String guestId = PLAIN.guestId();
        boolean tools = true;
        String ft = "notConfigured";
        boolean passthrough;
        Boolean hostSupport = true;
        String marker;

        Builder name(String v) { name = v; return this; }
        Builder off() { power = RuntimePowerState.POWERED_OFF; tools = false; return this; }
        Builder suspended() { power = RuntimePowerState.SUSPENDED; return this; }
        Builder hardware(String v) { hardware = v; return this; }
        Builder enabled() { nested = true; vhv = "TRUE"; return this; }
        Builder flagWithVhv(String v) { nested = true; vhv = v; return this; }
        Builder guest(String v) { guestId = v; return this; }
        Builder noTools() { tools = false; return this; }
        Builder ft(String v) { ft = v; return this; }
        Builder passthrough() { passthrough = true; return this; }
        Builder hostSupport(Boolean v) { hostSupport = v; return this; }
        Builder marker() { marker = RestoreMarker.POWERED_ON; return this; }

        VsphereVm build() {
            return new VsphereVm("vm-" + name, name, "/DC0/vm/" + name, power, hardware, nested, vhv, guestId, "efi", tools,
                    ft, passthrough, "esx-1", hostSupport, "7.0.3", marker);
        }
    }

    private static TargetSpec target(boolean insecure) {
        return new TargetSpec("vc", TargetKind.VSPHERE, new VsphereSettings("https://vc.example/sdk", "svc",
                SecretRef.parse("${env:VSPHERE_PASSWORD}", null), insecure ? null : "AB".repeat(32), null, insecure, null),
                List.of(), DesiredState.EMPTY, SourceLocation.UNKNOWN);
    }

    private static DesiredState desired(PowerCyclePolicy policy) {
        return new DesiredState(true, null, policy, Duration.ofMinutes(2), null, null, null);
    }

    private TargetPlan plan(List<VsphereVm> vms, VsphereFacts facts, DesiredState layer, String... names) {
        return rules.plan(target(false), inventory(vms, facts), desiredVms(layer, names));
    }

    private Change one(VsphereVm vm, DesiredState layer) {
        return plan(List.of(vm), facts(List.of(vm)), layer, vm.name()).changes().get(0);
    }

    private static Inventory inventory(List<VsphereVm> vms, VsphereFacts facts) {
        return new Inventory(vms.stream().map(ObservedVms::of).toList(), facts);
    }

    private static VsphereFacts facts(List<VsphereVm> vms) {
        return new VsphereFacts(Map.of(), Set.copyOf(vms.stream()
                .filter(v -> v.powerState() == RuntimePowerState.POWERED_ON && !v.toolsRunning())
                .map(VsphereVm::name).toList()));
    }

    private static List<DesiredVm> desiredVms(DesiredState layer, String... names) {
        return List.of(names).stream().map(n -> new DesiredVm(n, layer.resolve(), SourceLocation.UNKNOWN)).toList();
    }

    @Test
    void anEnabledVmIsANoOp() {
        Change c = one(vm(b -> b.enabled()), desired(PowerCyclePolicy.GRACEFUL));
        assertEquals(Action.NO_OP, c.action());
        assertNull(c.blocked());
        assertEquals(c.before(), c.after());
    }

    @Test
    void theFlagWithVhvEnableFalseIsNotEnabled() {
        Change c = one(vm(b -> b.flagWithVhv("FALSE").off()), desired(PowerCyclePolicy.NEVER));
        assertEquals(Action.UPDATE, c.action());
        assertTrue(c.reasons().get(0).contains("vhv.enable is FALSE"), c.reasons().toString());
        assertEquals(Action.NO_OP, one(vm(b -> b.flagWithVhv(null)), desired(PowerCyclePolicy.NEVER)).action(),
                "an absent vhv.enable beside the API flag is enabled: ESXi may not list the key");
    }

    @Test
    void anOffVmIsChangedWithoutDisruptionAndStaysOff() {
        Change c = one(vm(b -> b.off()), desired(PowerCyclePolicy.NEVER));
        assertEquals(Action.UPDATE, c.action());
        assertEquals(List.of(), c.disruption());
        assertNull(c.blocked());
        assertEquals(Map.of("nestedVirtualization", true, "power", "off"), c.after());
        assertTrue(c.reasons().contains("nested virtualization is off, wanted on"), c.reasons().toString());
    }

    @Test
    void aRunningVmCostsAPowerCycleThatNeverHoldsBack() {
        Change never = one(vm(b -> b), desired(PowerCyclePolicy.NEVER));
        assertEquals(List.of(Disruption.POWER_CYCLE), never.disruption());
        assertEquals(Blocked.Kind.PENDING, never.blocked().kind());
        Change graceful = one(vm(b -> b), desired(PowerCyclePolicy.GRACEFUL));
        assertNull(graceful.blocked());
        assertTrue(graceful.reasons().stream().anyMatch(r -> r.contains("never forced")), graceful.reasons().toString());
        assertEquals("on", graceful.after().get("power"));
    }

    @Test
    void oldHardwareIsRefusedUnlessTheUpgradeIsOptedIn() {
        Change refused = one(vm(b -> b.hardware("vmx-08")), desired(PowerCyclePolicy.GRACEFUL));
        assertEquals(Blocked.Kind.REFUSED, refused.blocked().kind());
        assertTrue(refused.blocked().reason().contains("vmx-08 is older than vmx-09"), refused.blocked().reason());
        assertTrue(refused.blocked().reason().contains("upgradeHardware: true"), refused.blocked().reason());

        DesiredState optIn = new DesiredState(null, null, null, null, null, true, null).overlay(desired(PowerCyclePolicy.GRACEFUL));
        VsphereVm old = vm(b -> b.hardware("vmx-08"));
        TargetPlan plan = plan(List.of(old), facts(List.of(old)), optIn, old.name());
        Change upgrade = plan.changes().get(0);
        assertNull(upgrade.blocked());
        assertEquals(List.of(Disruption.POWER_CYCLE), upgrade.disruption());
        assertEquals(ObservedVms.HARDWARE_TOO_OLD, upgrade.before().get("hardwareForNesting"));
        assertEquals(ObservedVms.HARDWARE_OK, upgrade.after().get("hardwareForNesting"));
        assertTrue(upgrade.reasons().stream().anyMatch(r -> r.contains("cannot be undone")), upgrade.reasons().toString());
        assertTrue(plan.warnings().stream().anyMatch(w -> w.message().contains("cannot be undone")), plan.warnings().toString());
    }

    @Test
    void whatCannotWorkIsRefusedWithItsReason() {
        assertRefused(vm(b -> b.hostSupport(false)), "does not support nested hardware virtualization");
        assertRefused(vm(b -> b.passthrough()), "Virtualization is not supported on a virtual machine with a PCI passthrough device");
        assertRefused(vm(b -> b.ft("running")), "Fault Tolerance is configured (running)");
        assertRefused(vm(b -> b.suspended()), "suspended");
    }

    @Test
    void aNonWindowsGuestIsRefusedOnlyWhenGuestChecksAreWanted() {
        VsphereVm linux = vm(b -> b.guest("ubuntu64Guest").off());
        DesiredState checks = new DesiredState(null, null, null, null,
                new GuestSpec(List.of(GuestCheck.HYPERV), null, null, null, null), null, null).overlay(desired(PowerCyclePolicy.NEVER));
        Change refused = one(linux, checks);
        assertEquals(Blocked.Kind.REFUSED, refused.blocked().kind());
        assertTrue(refused.blocked().reason().contains("'ubuntu64Guest', not Windows"), refused.blocked().reason());
        assertNull(one(linux, desired(PowerCyclePolicy.NEVER)).blocked());
    }

    @Test
    void turningNestingOffAgainNeedsNoneOfTheRequirements() {
        DesiredState off = new DesiredState(false, null, PowerCyclePolicy.NEVER, null, null, null, null);
        Change c = one(vm(b -> b.enabled().passthrough().hostSupport(false).off()), off);
        assertNull(c.blocked());
        assertEquals(false, c.after().get("nestedVirtualization"));
    }

    @Test
    void aMissingOrAmbiguousVmIsRefused() {
        VsphereVm a = vm(b -> b.name("a"));
        TargetPlan plan = rules.plan(target(false), inventory(List.of(a),
                        new VsphereFacts(Map.of("a", List.of("/DC0/vm/x/a", "/DC0/vm/y/a")), Set.of())),
                desiredVms(desired(PowerCyclePolicy.FORCE), "a", "ghost"));
        assertTrue(plan.changes().get(0).blocked().reason().contains("2 VMs are named 'a' (/DC0/vm/x/a, /DC0/vm/y/a)"),
                plan.changes().get(0).blocked().reason());
        Change ghost = plan.changes().get(1);
        assertEquals(Blocked.Kind.REFUSED, ghost.blocked().kind());
        assertTrue(ghost.blocked().reason().contains("not found in the inventory"), ghost.blocked().reason());
    }

    @Test
    void anInterruptedApplyIsFinishedWhateverThePolicy() {
        Change off = one(vm(b -> b.off().marker()), desired(PowerCyclePolicy.NEVER));
        assertEquals(Action.UPDATE, off.action());
        assertNull(off.blocked(), "restoring the power state is not a power cycle");
        assertEquals("on", off.after().get("power"));
        assertEquals(true, off.after().get("nestedVirtualization"));
        assertEquals(VsphereRules.INTERRUPTED_OFF, off.reasons().get(0));

        Change alreadyDone = one(vm(b -> b.off().enabled().marker()), desired(PowerCyclePolicy.NEVER));
        assertEquals(Action.UPDATE, alreadyDone.action());
        assertEquals("on", alreadyDone.after().get("power"));

        Change backOn = one(vm(b -> b.enabled().marker()), desired(PowerCyclePolicy.NEVER));
        assertEquals(Action.UPDATE, backOn.action());
        assertEquals(List.of(), backOn.disruption());
        assertNull(backOn.blocked());
        assertEquals(List.of(VsphereRules.INTERRUPTED_ON), backOn.reasons());
    }

    @Test
    void insecureTargetsAreLoudInEveryPlanEvenWithoutChanges() {
        TargetPlan plan = rules.plan(target(true), inventory(List.of(), VsphereFacts.NONE), List.of());
        assertEquals(1, plan.warnings().size());
        PlanWarning w = plan.warnings().get(0);
        assertTrue(w.message().startsWith("INSECURE: TLS certificate checks are OFF"), w.message());
        assertTrue(rules.plan(target(false), inventory(List.of(), VsphereFacts.NONE), List.of()).warnings().isEmpty());
    }

    @Test
    void risksOfAPowerCycleAreWarnedAbout() {
        VsphereVm quiet = vm(b -> b.noTools());
        TargetPlan force = plan(List.of(quiet), facts(List.of(quiet)), desired(PowerCyclePolicy.FORCE), quiet.name());
        assertTrue(force.warnings().stream().anyMatch(w -> w.message().contains("VMware Tools is not running")
                && w.message().contains("powered off hard")), force.warnings().toString());
        assertTrue(force.warnings().stream().anyMatch(w -> w.message().contains("can lose unsaved work")), force.warnings().toString());
        TargetPlan graceful = plan(List.of(quiet), facts(List.of(quiet)), desired(PowerCyclePolicy.GRACEFUL), quiet.name());
        assertTrue(graceful.warnings().stream().anyMatch(w -> w.message().contains("this VM fails and is left running")),
                graceful.warnings().toString());
        TargetPlan never = plan(List.of(quiet), facts(List.of(quiet)), desired(PowerCyclePolicy.NEVER), quiet.name());
        assertTrue(never.warnings().isEmpty(), "a pending change has no power-cycle risk: " + never.warnings());
    }

    @Test
    void toolsStateStaysOutOfTheComparedProperties() {
        assertFalse(ObservedVms.of(PLAIN).properties().keySet().stream().anyMatch(k -> k.toLowerCase().contains("tools")));
        assertEquals(ObservedVms.of(PLAIN).describe(), ObservedVms.of(vm(b -> b.noTools())).describe());
    }

    private void assertRefused(VsphereVm vm, String reason) {
        Change c = one(vm, desired(PowerCyclePolicy.FORCE));
        assertEquals(Blocked.Kind.REFUSED, c.blocked().kind(), c.toString());
        assertTrue(c.blocked().reason().contains(reason), c.blocked().reason());
        assertTrue(c.reasons().contains("nested virtualization is off, wanted on"), c.reasons().toString());
    }
}
