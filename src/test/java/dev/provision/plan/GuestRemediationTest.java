package dev.provision.plan;

import dev.provision.model.Action;
import dev.provision.model.Blocked;
import dev.provision.model.Change;
import dev.provision.model.DesiredVm;
import dev.provision.model.Disruption;

import dev.provision.guest.FeatureState;
import dev.provision.guest.GuestFacts;
import dev.provision.spec.DesiredState;
import dev.provision.spec.GuestCheck;
import dev.provision.spec.GuestSpec;
import dev.provision.spec.PowerCyclePolicy;
import dev.provision.spec.SourceLocation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GuestRemediationTest {
    private static final GuestSpec OPT_IN = new GuestSpec(List.of(GuestCheck.HYPERV, GuestCheck.WSL2_BOOT), null,
            "user", null, true);

    private static DesiredVm wanting() {
        return new DesiredVm("vdi-01", new DesiredState(null, null, null, null, OPT_IN, null, null).resolve(),
                SourceLocation.UNKNOWN);
    }

    private static Change noOp(Blocked blocked) {
        Map<String, Object> same = Map.of("power", "on", "nestedVirtualization", true);
        return new Change("lab", "vdi-01", blocked == null ? Action.NO_OP : Action.UPDATE, List.of(), List.of(),
                same, blocked == null ? same : Map.of("nestedVirtualization", true), blocked,
                PowerCyclePolicy.NEVER, Duration.ofMinutes(1));
    }

    private static GuestFacts facts(Map<String, FeatureState> features, boolean rebootPending) {
        return new GuestFacts("Windows 11", "Enterprise", 22631, false, features, "Auto", "Running", rebootPending,
                "2.3.26.0", null, null);
    }

    private static Plan plan(Change c) {
        return new Plan(1, Instant.EPOCH, "s.yaml", "d", List.of(c), List.of());
    }

    @Test
    void missingFeaturesBecomeAnUpdateWithARebootAndNothingElseChanges() {
        Plan amended = GuestRemediation.amend(plan(noOp(null)), Map.of("lab/vdi-01", wanting()),
                Map.of("lab/vdi-01", facts(Map.of(GuestFacts.HYPERV, FeatureState.ENABLED,
                        GuestFacts.WSL, FeatureState.ENABLED), false)), Map.of());
        Change c = amended.changes().get(0);
        assertEquals(Action.UPDATE, c.action());
        assertEquals(List.of(Disruption.REBOOT), c.disruption());
        assertEquals(List.of(GuestFacts.VIRTUAL_MACHINE_PLATFORM), c.enableFeatures());
        assertTrue(!c.changesVm(), "only the guest changes");
    }

    @Test
    void aCreatePromisesTheFeaturesAfterItAndShowsTheRestartInsteadOfAWarning() {
        Change create = new Change("lab", "vdi-01", Action.CREATE, List.of(), List.of("VM does not exist"), Map.of(),
                Map.of("power", "on"), null, PowerCyclePolicy.GRACEFUL, Duration.ofMinutes(1));
        Plan amended = GuestRemediation.amend(plan(create), Map.of("lab/vdi-01", wanting()), Map.of(), Map.of());
        Change c = amended.changes().get(0);
        assertEquals(Action.CREATE, c.action());
        assertTrue(c.featuresAfterCreate());
        assertEquals(List.of(Disruption.REBOOT), c.disruption());
        assertEquals(List.of(), c.enableFeatures(), "which features is known only once the guest runs");
        assertEquals(List.of(), amended.warnings());
        Plan json = assertDoesNotThrow(() -> PlanJson.read(PlanJson.write(amended), "plan.json"));
        assertTrue(json.changes().get(0).featuresAfterCreate(), "a saved plan keeps the promise");
    }

    @Test
    void windows11IsNotGivenTheWslOptionalComponentItDoesNotNeedButWindows10Is() {
        GuestFacts windows11 = facts(Map.of(), false);
        GuestFacts windows10 = new GuestFacts("Microsoft Windows 10 Pro", "Professional", 19045, false, Map.of(),
                "NotSet", "Absent", false, null, null, null);
        Change on11 = GuestRemediation.amend(plan(noOp(null)), Map.of("lab/vdi-01", wanting()),
                Map.of("lab/vdi-01", windows11), Map.of()).changes().get(0);
        assertEquals(List.of(GuestFacts.HYPERV, GuestFacts.VIRTUAL_MACHINE_PLATFORM), on11.enableFeatures());
        Change on10 = GuestRemediation.amend(plan(noOp(null)), Map.of("lab/vdi-01", wanting()),
                Map.of("lab/vdi-01", windows10), Map.of()).changes().get(0);
        assertEquals(List.of(GuestFacts.HYPERV, GuestFacts.VIRTUAL_MACHINE_PLATFORM, GuestFacts.WSL),
                on10.enableFeatures());
    }

    @Test
    void aChangeThatAlreadyRestartsTheGuestShowsTheRebootOnce() {
        Change resize = new Change("az", "vdi-01", Action.UPDATE, List.of(Disruption.REBOOT), List.of("resize"),
                Map.of("size", "Standard_B2s"), Map.of("size", "Standard_D4s_v5"), null, PowerCyclePolicy.GRACEFUL,
                Duration.ofMinutes(1));
        Plan amended = GuestRemediation.amend(new Plan(1, Instant.EPOCH, "s.yaml", "d", List.of(resize), List.of()),
                Map.of("az/vdi-01", wanting()), Map.of("az/vdi-01", facts(Map.of(), false)), Map.of());
        Change c = amended.changes().get(0);
        assertEquals(List.of(Disruption.REBOOT), c.disruption());
        assertTrue(c.reasons().get(1).contains("then restart it"), c.reasons().toString());
        assertTrue(c.changesVm());
    }

    @Test
    void aGuestWithEverythingOnIsLeftAlone() {
        Change c = noOp(null);
        Plan amended = GuestRemediation.amend(plan(c), Map.of("lab/vdi-01", wanting()), Map.of("lab/vdi-01",
                facts(Map.of(GuestFacts.HYPERV, FeatureState.ENABLED, GuestFacts.WSL, FeatureState.ENABLED,
                        GuestFacts.VIRTUAL_MACHINE_PLATFORM, FeatureState.ENABLED), false)), Map.of());
        assertSame(c, amended.changes().get(0));
    }

    @Test
    void aHeldBackChangeKeepsItsFeaturesWaiting() {
        Plan amended = GuestRemediation.amend(plan(noOp(Blocked.pending("on"))), Map.of("lab/vdi-01", wanting()),
                Map.of("lab/vdi-01", facts(Map.of(), false)), Map.of());
        Change c = amended.changes().get(0);
        assertEquals(List.of(), c.enableFeatures());
        assertTrue(c.reasons().get(c.reasons().size() - 1).contains("wait until this change can be made"));
    }

    @Test
    void aGuestThatCouldNotBeProbedIsAWarningNotAGuess() {
        Plan amended = GuestRemediation.amend(plan(noOp(null)), Map.of("lab/vdi-01", wanting()), Map.of(),
                Map.of("lab/vdi-01", "the VM is off"));
        assertEquals(Action.NO_OP, amended.changes().get(0).action());
        assertTrue(amended.warnings().get(0).message().contains("the VM is off"));
    }

    @Test
    void theFeaturesSurviveAPlanFile() throws Exception {
        Plan amended = GuestRemediation.amend(plan(noOp(null)), Map.of("lab/vdi-01", wanting()),
                Map.of("lab/vdi-01", facts(Map.of(), false)), Map.of());
        assertEquals(amended, PlanJson.read(PlanJson.write(amended), "p.json"));
    }
}
