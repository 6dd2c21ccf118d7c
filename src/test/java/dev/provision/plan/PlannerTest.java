package dev.provision.plan;

import dev.provision.model.Action;
import dev.provision.model.Change;
import dev.provision.model.DesiredVm;
import dev.provision.model.TargetPlan;
import dev.provision.provider.ChangeRules;

import dev.provision.rehearsal.lab.LabSpecs;
import dev.provision.provider.Inventory;
import dev.provision.provider.Lease;
import dev.provision.provider.ObservedVm;
import dev.provision.provider.PowerState;
import dev.provision.provider.ThisMachine;
import dev.provision.spec.DesiredState;
import dev.provision.spec.InvalidInputException;
import dev.provision.spec.PowerCyclePolicy;
import dev.provision.spec.SourceLocation;
import dev.provision.spec.Spec;
import dev.provision.spec.TargetSpec;
import dev.provision.spec.VmSelector;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlannerTest {
    private static final Instant NOW = Instant.parse("2026-11-25T04:00:00Z");

    /** Records what it was asked, and answers a no-op per VM. */
    private static final class RecordingRules implements ChangeRules {
        final List<DesiredVm> seen = new ArrayList<>();

        @Override
        public TargetPlan plan(TargetSpec target, Inventory observed, List<DesiredVm> desired) {
            seen.addAll(desired);
            return new TargetPlan(desired.stream().map(d -> new Change(target.name(), d.name(), Action.NO_OP,
                    List.of(), List.of(), Map.of(), Map.of(), null, d.desired().powerCycle(),
                    d.desired().shutdownTimeout())).toList(), List.of());
        }
    }

    private static Inventory inventory(String... names) {
        List<ObservedVm> vms = new ArrayList<>();
        for (String n : names) {
            vms.add(new ObservedVm(n, "id-" + n, PowerState.ON, false, Map.of()));
        }
        return new Inventory(vms);
    }

    @Test
    void aPatternThatMatchesNothingIsAnErrorAtItsLine() {
        TargetSpec t = LabSpecs.target("lab", List.of(), List.of(LabSpecs.pattern("build-*", 9)), DesiredState.EMPTY);
        Planner planner = new Planner(Map.of("lab", new RecordingRules()));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> planner.plan(LabSpecs.spec(t), Map.of("lab", inventory("vdi-01")), "spec.yaml", NOW));
        assertEquals(9, e.diagnostics().get(0).location().line());
        assertTrue(e.diagnostics().get(0).message().contains("matches no VM"));
    }

    @Test
    void aVmClaimedByTwoEntriesIsAnErrorAtTheSecond() {
        TargetSpec t = LabSpecs.target("lab", List.of(),
                List.of(LabSpecs.pattern("vdi-*", 8), LabSpecs.named("vdi-02", 11)), DesiredState.EMPTY);
        Planner planner = new Planner(Map.of("lab", new RecordingRules()));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> planner.plan(LabSpecs.spec(t),
                Map.of("lab", inventory("vdi-01", "vdi-02")), "spec.yaml", NOW));
        assertEquals(1, e.diagnostics().size());
        assertEquals(11, e.diagnostics().get(0).location().line());
        assertTrue(e.diagnostics().get(0).message().contains("line 8"), e.diagnostics().get(0).message());
    }

    @Test
    void everyProblemOfEveryTargetIsReportedAtOnce() {
        TargetSpec a = LabSpecs.target("a", List.of(), List.of(LabSpecs.pattern("x*", 4)), DesiredState.EMPTY);
        TargetSpec b = LabSpecs.target("b", List.of(), List.of(LabSpecs.pattern("y*", 9)), DesiredState.EMPTY);
        Planner planner = new Planner(Map.of("a", new RecordingRules(), "b", new RecordingRules()));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> planner.plan(LabSpecs.spec(a, b),
                Map.of("a", inventory(), "b", inventory()), "spec.yaml", NOW));
        assertEquals(2, e.diagnostics().size());
    }

    @Test
    void anEntrysOverridesWinOverTheTargetLayer() throws Exception {
        DesiredState targetLayer = new DesiredState(true, null, PowerCyclePolicy.GRACEFUL, null, null, null, null);
        DesiredState entryLayer = new DesiredState(null, null, PowerCyclePolicy.FORCE, null, null, null, null);
        VmSelector special = new VmSelector("vdi-02", null, entryLayer, SourceLocation.UNKNOWN);
        TargetSpec t = LabSpecs.target("lab", List.of(), List.of(LabSpecs.named("vdi-01", 5), special), targetLayer);
        RecordingRules rules = new RecordingRules();
        Plan plan = new Planner(Map.of("lab", rules)).plan(LabSpecs.spec(t),
                Map.of("lab", inventory("vdi-01", "vdi-02")), "spec.yaml", NOW);
        assertEquals(PowerCyclePolicy.GRACEFUL, rules.seen.get(0).desired().powerCycle());
        assertEquals(PowerCyclePolicy.FORCE, rules.seen.get(1).desired().powerCycle());
        assertEquals(2, plan.changes().size());
        assertEquals("digest-1", plan.specDigest());
    }

    @Test
    void patternsMatchInNameOrder() throws Exception {
        TargetSpec t = LabSpecs.target("lab", List.of(), List.of(LabSpecs.pattern("vdi-0?", 5)), DesiredState.EMPTY);
        RecordingRules rules = new RecordingRules();
        Spec spec = LabSpecs.spec(t);
        new Planner(Map.of("lab", rules)).plan(spec, Map.of("lab", inventory("vdi-03", "vdi-01", "vdi-10")),
                "spec.yaml", NOW);
        assertEquals(List.of("vdi-01", "vdi-03"), rules.seen.stream().map(DesiredVm::name).toList());
    }

    @Test
    void aLiveLeaseWhoseHolderEndedOnThisMachineIsShownAsTakenOverByTheNextApply() throws Exception {
        ThisMachine here = new ThisMachine("a1b2c3d4e5f6", pid -> pid != 4242);
        Map<String, Lease> leases = Map.of(
                "vdi-01", new Lease("run=0badc0de,host=build-7,pid=4242,machine=a1b2c3d4e5f6", NOW.plusSeconds(600)),
                "vdi-02", new Lease("run=0th3rrun,host=build-7,pid=4242,machine=ffffffffffff", NOW.plusSeconds(600)));
        Inventory leased = new Inventory(inventory("vdi-01", "vdi-02").vms(), null, leases);
        TargetSpec t = LabSpecs.target("lab", List.of(), List.of(LabSpecs.pattern("vdi-*", 5)), DesiredState.EMPTY);

        List<String> warnings = new Planner(Map.of("lab", new RecordingRules()), here)
                .plan(LabSpecs.spec(t), Map.of("lab", leased), "spec.yaml", NOW).warnings().stream()
                .map(w -> w.vm() + ": " + w.message()).toList();
        assertEquals(List.of("vdi-01: carries the lease of an apply whose process has ended on this machine "
                        + "(run=0badc0de,host=build-7,pid=4242,machine=a1b2c3d4e5f6 until 2026-11-25T04:10:00Z): "
                        + "the next apply takes it over",
                "vdi-02: leased by another apply (run=0th3rrun,host=build-7,pid=4242,machine=ffffffffffff until "
                        + "2026-11-25T04:10:00Z): an apply before then refuses this VM"), warnings);
    }
}
