package dev.provision.azure;

import dev.provision.armlab.ArmEmulator;
import dev.provision.armlab.ArmPowerState;
import dev.provision.armlab.GuestAgent;
import dev.provision.armlab.GuestScriptResult;
import dev.provision.armlab.RequestLog;
import dev.provision.armlab.RequestMatcher;
import dev.provision.armlab.SeedVm;
import dev.provision.armlab.WindowsGuest;
import dev.provision.armlab.WindowsGuestAgent;
import dev.provision.event.EventSink;
import dev.provision.model.Action;
import dev.provision.model.Change;
import dev.provision.model.Disruption;
import dev.provision.model.TargetPlan;
import dev.provision.provider.ObservedVm;
import dev.provision.provider.PowerState;
import dev.provision.provider.ProviderException;
import dev.provision.spec.PowerCyclePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Azure restore marker against the ARM emulator, starting from the states a killed apply leaves (a marker tag
 * on a deallocated VM, before or after its resize; on a running VM whose start went through): the plan names what
 * was interrupted and finishes it whatever {@code powerCycle} says, and the apply after it is a no-op. The kill -9
 * itself is in cli.AzureCycleCrashCliTest.
 */
class RestoreMarkerTest {
    private static final String RG = "marker-rg";
    /** What an apply killed after its deallocate of a running VM leaves (RestoreMarker#text). */
    private static final String LEFT_BY_RESIZE = "on;for=resize;at=2026-12-07T08:00:00Z";

    @TempDir
    Path dir;

    @RegisterExtension
    final EmulatedAzure azure = new EmulatedAzure(RG);

    private ArmEmulator arm() {
        return azure.arm();
    }

    private AzureProvider provider() {
        return azure.provider();
    }

    private void start(UnaryOperator<ArmEmulator.Builder> setup, PowerCyclePolicy policy, String... vms)
            throws Exception {
        azure.start(dir, setup, AzureTargets.dockerDesktop(policy), List.of(vms));
    }

    private Change planOne() throws Exception {
        TargetPlan plan = plan();
        assertEquals(1, plan.changes().size(), plan.toString());
        return plan.changes().get(0);
    }

    private TargetPlan plan() throws Exception {
        return azure.plan();
    }

    private Map<String, String> tags(String vm) {
        return arm().vm(RG, vm).orElseThrow().tags();
    }

    @Test
    void aVmLeftDeallocatedBeforeItsResizeIsResizedAndStartedEvenUnderPowerCycleNever() throws Exception {
        start(b -> b.seedVm(SeedVm.of(RG, "vdi-1").size("Standard_B2s").powerState(ArmPowerState.DEALLOCATED)
                .tag(RestoreMarker.TAG, LEFT_BY_RESIZE).tag("owner", "team-a")), PowerCyclePolicy.NEVER, "vdi-1");
        Change finish = planOne();
        assertEquals(Action.UPDATE, finish.action());
        assertNull(finish.blocked(), "finishing only gives back what the user had: " + finish.blocked());
        assertEquals("on", finish.after().get("power"));
        assertEquals("Standard_D4s_v5", finish.after().get("size"));
        assertTrue(finish.reasons().get(0).startsWith("interrupted apply: VM deallocated by provision at "
                + "2026-12-07T08:00:00Z for a resize, will be resized and started"), finish.reasons().toString());

        ObservedVm after = provider().apply(finish, EventSink.NONE);
        assertEquals(PowerState.ON, after.power());
        assertEquals("Standard_D4s_v5", after.property("size"));
        assertEquals(Map.of("owner", "team-a"), tags("vdi-1"), "the marker and the lease are gone, the rest kept");
        assertEquals(Action.NO_OP, planOne().action());
    }

    @Test
    void aVmLeftDeallocatedAfterItsResizeIsOnlyStarted() throws Exception {
        start(b -> b.seedVm(SeedVm.of(RG, "vdi-1").size("Standard_D4s_v5").powerState(ArmPowerState.DEALLOCATED)
                .tag(RestoreMarker.TAG, LEFT_BY_RESIZE)), PowerCyclePolicy.GRACEFUL, "vdi-1");
        Change finish = planOne();
        assertEquals(Action.UPDATE, finish.action());
        assertEquals(List.of(), finish.disruption());
        assertEquals(List.of("interrupted apply: VM deallocated by provision at 2026-12-07T08:00:00Z for a resize "
                + "and resized, will be started (the power state it was left in), whatever powerCycle says"),
                finish.reasons());

        arm().requestLog().clear();
        provider().apply(finish, EventSink.NONE);
        assertEquals(0, arm().requestLog().count("VirtualMachines_Deallocate"));
        assertEquals(1, arm().requestLog().count("VirtualMachines_Start"));
        assertEquals(ArmPowerState.RUNNING, arm().vm(RG, "vdi-1").orElseThrow().powerState());
        assertFalse(tags("vdi-1").containsKey(RestoreMarker.TAG));
        assertEquals(Action.NO_OP, planOne().action());
    }

    @Test
    void aRunningVmWhoseMarkerOutlivedItsStartOnlyLosesTheMarker() throws Exception {
        start(b -> b.seedVm(SeedVm.of(RG, "vdi-1").size("Standard_D4s_v5").tag(RestoreMarker.TAG, LEFT_BY_RESIZE)),
                PowerCyclePolicy.NEVER, "vdi-1");
        Change finish = planOne();
        assertEquals(Action.UPDATE, finish.action());
        assertNull(finish.blocked());
        assertEquals(List.of(), finish.disruption());
        assertTrue(finish.reasons().get(0).endsWith("the VM is on again; its restore marker is removed"),
                finish.reasons().toString());

        arm().requestLog().clear();
        provider().apply(finish, EventSink.NONE);
        assertEquals(0, arm().requestLog().count("VirtualMachines_Start") + arm().requestLog().count(
                "VirtualMachines_Restart") + arm().requestLog().count("VirtualMachines_Deallocate"), "no power change");
        assertFalse(tags("vdi-1").containsKey(RestoreMarker.TAG));
        assertEquals(Action.NO_OP, planOne().action());
    }

    @Test
    void theMarkerIsWrittenBeforeTheDeallocateKeepsTheOtherTagsAndTheNextPlanFinishesAFailedResize()
            throws Exception {
        start(b -> b.hardwareCluster("Standard_B2s").seedVm(SeedVm.of(RG, "vdi-1").size("Standard_B2s")
                .tag("owner", "team-a")), PowerCyclePolicy.GRACEFUL, "vdi-1");
        Change resize = planOne();
        arm().faults().skuNotAvailable("Standard_D4s_v5");
        assertThrows(ProviderException.class, () -> provider().apply(resize, EventSink.NONE));
        assertEquals(ArmPowerState.DEALLOCATED, arm().vm(RG, "vdi-1").orElseThrow().powerState());
        assertTrue(tags("vdi-1").get(RestoreMarker.TAG).startsWith("on;for=resize;at="), tags("vdi-1").toString());
        assertEquals("team-a", tags("vdi-1").get("owner"));

        arm().faults().clear();
        Change finish = planOne();
        assertTrue(finish.reasons().get(0).startsWith("interrupted apply: VM deallocated by provision at "),
                finish.reasons().toString());
        provider().apply(finish, EventSink.NONE);
        assertEquals(ArmPowerState.RUNNING, arm().vm(RG, "vdi-1").orElseThrow().powerState());
        assertEquals("Standard_D4s_v5", arm().vm(RG, "vdi-1").orElseThrow().size());
        assertEquals(Map.of("owner", "team-a"), tags("vdi-1"));
    }

    @Test
    void aFeatureScriptThatPrintsNoResultFailsBeforeTheRestartAndTakesItsMarkerAway() throws Exception {
        // Fault injection: the feature script's output lost (empty), every other script answered by the guest.
        GuestAgent windows = new WindowsGuestAgent();
        GuestAgent silentFeatureScript = script -> String.join("\n", script.script())
                .contains("Enable-WindowsOptionalFeature") ? new GuestScriptResult("", "", 0) : windows.run(script);
        start(b -> b.guestAgent(silentFeatureScript).seedVm(SeedVm.of(RG, "vdi-1").size("Standard_D4s_v5")
                .guest(new WindowsGuest().edition(WindowsGuest.Edition.WINDOWS_11_ENTERPRISE))),
                PowerCyclePolicy.GRACEFUL, "vdi-1");
        Change features = planOne().enablingFeatures(Action.UPDATE, List.of(Disruption.REBOOT),
                List.of("enable VirtualMachinePlatform"), List.of(WindowsGuest.VIRTUAL_MACHINE_PLATFORM));

        ProviderException failed = assertThrows(ProviderException.class,
                () -> provider().enableFeatures(features, EventSink.NONE));
        assertTrue(failed.getMessage().contains("printed no result"), failed.getMessage());
        assertTrue(arm().requestLog().entries().stream().anyMatch(e -> e.body() != null
                && e.body().path("tags").has(RestoreMarker.TAG)), "the marker was written before the script");
        assertEquals(0, arm().requestLog().count("VirtualMachines_Restart"), "nothing to restart for");
        assertEquals(Map.of(), tags("vdi-1"), "the failure is said; no marker says an apply was cut short");
    }

    @Test
    void aMarkerWriteThatMeetsAnotherWriteOfTheVmIsMadeAgainOnAFreshReadKeepingTheOtherTags() throws Exception {
        start(b -> b.seedVm(SeedVm.of(RG, "vdi-1").tag("owner", "team-a")), PowerCyclePolicy.GRACEFUL, "vdi-1");
        // A lease renewal landing between the marker's read and its PATCH: ARM answers 412, as the emulator words it.
        arm().faults().reject(RequestMatcher.operation("VirtualMachines_Update"), 1, 412, "PreconditionFailed",
                "The specified precondition 'If-Match' failed.");
        RestoreMarkers markers = new RestoreMarkers(EmulatorConnection.clientsFor(arm()), RG,
                Clock.fixed(Instant.parse("2026-12-07T08:00:00.250Z"), ZoneOffset.UTC));
        markers.promise("vdi-1", PowerState.ON, RestoreMarker.Step.RESIZE);
        assertEquals(List.of(412, 200), arm().requestLog().byOperation("VirtualMachines_Update").stream()
                .map(RequestLog.Entry::status).toList());
        assertEquals(Map.of("owner", "team-a", RestoreMarker.TAG, LEFT_BY_RESIZE), tags("vdi-1"));

        markers.remove("vdi-1");
        assertEquals(Map.of("owner", "team-a"), tags("vdi-1"));
    }

    @Test
    void aTagOfTheMarkersNameThatIsNoMarkerIsAWarningAndNoPowerStateIsGuessed() throws Exception {
        start(b -> b.seedVm(SeedVm.of(RG, "vdi-1").size("Standard_D4s_v5").powerState(ArmPowerState.DEALLOCATED)
                .tag(RestoreMarker.TAG, "yes please")), PowerCyclePolicy.GRACEFUL, "vdi-1");
        TargetPlan plan = plan();
        assertEquals(Action.NO_OP, plan.changes().get(0).action());
        assertTrue(plan.warnings().stream().anyMatch(w -> w.message().contains("is not a restore marker")
                && w.message().contains("--remove tags." + RestoreMarker.TAG)), plan.warnings().toString());
    }
}
