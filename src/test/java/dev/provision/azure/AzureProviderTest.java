package dev.provision.azure;

import dev.provision.armlab.ArmEmulator;
import dev.provision.armlab.FaultInjector;
import dev.provision.armlab.ArmPowerState;
import dev.provision.armlab.RequestLog;
import dev.provision.armlab.RequestMatcher;
import dev.provision.armlab.SecurityType;
import dev.provision.armlab.SeedVm;
import dev.provision.armlab.VmSnapshot;
import dev.provision.event.Event;
import dev.provision.event.EventSink;
import dev.provision.model.Action;
import dev.provision.model.Blocked;
import dev.provision.model.Change;
import dev.provision.model.Disruption;
import dev.provision.plan.Plan;
import dev.provision.plan.PlanJson;
import dev.provision.model.TargetPlan;
import dev.provision.provider.Inventory;
import dev.provision.provider.ObservedVm;
import dev.provision.provider.ProviderException;
import dev.provision.spec.DesiredState;
import dev.provision.spec.GuestSpec;
import dev.provision.spec.GuestCheck;
import dev.provision.guest.FeatureState;
import dev.provision.guest.GuestFacts;
import dev.provision.spec.PowerCyclePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Azure provider against the ARM emulator, through the real SDK over HTTPS: reads, plans, applies. */
class AzureProviderTest {
    private static final String RG = "vdi-rg";

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
        start(setup, AzureTargets.dockerDesktop(policy), vms);
    }

    private void start(UnaryOperator<ArmEmulator.Builder> setup, DesiredState desired, String... vms)
            throws Exception {
        azure.start(dir, setup, desired, List.of(vms));
    }

    private TargetPlan plan() throws Exception {
        return azure.plan();
    }

    private Change only(TargetPlan plan) {
        assertEquals(1, plan.changes().size(), plan.toString());
        return plan.changes().get(0);
    }

    /** Every change takes a lease (a tags PATCH with If-Match) first and releases it last (README, Leases). */
    private static final String LEASE = "PATCH VirtualMachines_Update 200";
    private static final String RELEASE = LEASE;
    /** A running VM's restore marker is a tags PATCH before its deallocate, and another after its start. */
    private static final String MARK = LEASE;
    private static final String UNMARK = LEASE;

    private List<String> writes() {
        return arm().requestLog().entries().stream().filter(e -> !e.method().equals("GET"))
                .map(e -> e.method() + " " + e.operationId() + " " + e.status()).toList();
    }

    @Test
    void readsInAConstantNumberOfCallsAndSkusOnlyWhenTheCacheIsCold() throws Exception {
        start(b -> b.seedVm(SeedVm.of(RG, "ok-1")).seedVm(SeedVm.of(RG, "ok-2"))
                .seedVm(SeedVm.of(RG, "off").size("Standard_B2s").powerState(ArmPowerState.DEALLOCATED)),
                PowerCyclePolicy.NEVER, "ok-1", "ok-2", "off");
        arm().requestLog().clear();
        Inventory cold = provider().read();
        assertEquals(3, cold.vms().size());
        assertEquals(1, arm().requestLog().count("VirtualMachines_List"));
        assertEquals(3, arm().requestLog().count("ResourceSkus_List"), "cold cache: the 3 pages of eastus2");
        assertEquals(1, arm().requestLog().count("Usage_List"));
        assertEquals(0, arm().requestLog().count("VirtualMachines_ListAvailableSizes"),
                "a deallocated VM can take any size: its hardware is not asked about");
        assertEquals(5, arm().requestLog().size());

        arm().requestLog().clear();
        provider().read();
        assertEquals(0, arm().requestLog().count("ResourceSkus_List"), "warm cache");
        assertEquals(2, arm().requestLog().size());

        ObservedVm ok = cold.vm("ok-1").orElseThrow();
        assertTrue(ok.power().isRunning());
        assertTrue(ok.nestedVirtualization());
        assertEquals("Standard_D4s_v5", ok.property("size"));
        assertEquals("4", ok.property("vcpus"));
        assertEquals("16", ok.property("memoryGiB"));
        assertEquals("Dsv5", ok.property("series"));
        assertEquals("Standard", ok.property("securityType"));
        ObservedVm off = cold.vm("off").orElseThrow();
        assertEquals(dev.provision.provider.PowerState.DEALLOCATED, off.power());
        assertFalse(off.nestedVirtualization(), "burstable B series cannot nest");
    }

    @Test
    void createPicksD4sV5NamesEverythingAfterTheVmAndASecondPlanIsANoOp() throws Exception {
        start(b -> b, PowerCyclePolicy.NEVER, "vdi-new");
        Change create = only(plan());
        assertEquals(Action.CREATE, create.action());
        assertNull(create.blocked());
        assertEquals("Standard_D4s_v5", create.after().get("size"));
        assertEquals("Standard", create.after().get("securityType"));

        arm().requestLog().clear();
        List<Event> events = Collections.synchronizedList(new ArrayList<>());
        ObservedVm made = provider().apply(create, events::add);
        assertEquals("Standard_D4s_v5", made.property("size"));
        assertTrue(made.power().isRunning());
        // The create marker (CreateMarker) is removed once the guest booted: from the NIC, then from the VM.
        assertEquals(List.of("PUT NetworkInterfaces_CreateOrUpdate 201", "PUT VirtualMachines_CreateOrUpdate 201",
                "PATCH NetworkInterfaces_UpdateTags 200", "PATCH VirtualMachines_Update 200"), writes());
        assertTrue(arm().requestLog().entries().stream().anyMatch(e -> e.path().endsWith("/networkInterfaces/vdi-new-nic")));
        VmSnapshot vm = arm().vm(RG, "vdi-new").orElseThrow();
        assertEquals("provision", vm.tags().get("managed-by"));
        assertEquals(SecurityType.STANDARD, vm.securityType());
        assertTrue(events.size() >= 2, "steps are reported: " + events);

        // Repeating the same create (a retry after a failure) PUTs the same names: no second NIC, no error.
        arm().requestLog().clear();
        provider().apply(create, EventSink.NONE);
        assertEquals(List.of("PUT NetworkInterfaces_CreateOrUpdate 200", "PUT VirtualMachines_CreateOrUpdate 200",
                "PATCH NetworkInterfaces_UpdateTags 200", "PATCH VirtualMachines_Update 200"), writes());
        assertEquals(1, arm().vms().size());

        assertEquals(Action.NO_OP, only(plan()).action(), "second plan is a no-op");
    }

    @Test
    void aSizeOnTheHardwareClusterIsResizedInPlaceWithOnePatchOfTheSizeAlone() throws Exception {
        start(b -> b.hardwareCluster("Standard_D4s_v5", "Standard_D8s_v5")
                .seedVm(SeedVm.of(RG, "small").size("Standard_D2s_v5")), PowerCyclePolicy.GRACEFUL, "small");
        Change resize = only(plan());
        assertEquals(Action.UPDATE, resize.action());
        assertEquals(List.of(Disruption.REBOOT), resize.disruption(), "Azure restarts a running VM to resize it");
        assertEquals(1, arm().requestLog().count("VirtualMachines_ListAvailableSizes"));
        assertTrue(resize.reasons().contains("2 vCPUs, at least 4 wanted"), resize.reasons().toString());

        arm().requestLog().clear();
        ObservedVm after = provider().apply(resize, EventSink.NONE);
        assertEquals("Standard_D4s_v5", after.property("size"));
        assertTrue(after.power().isRunning());
        assertEquals(List.of(LEASE, "PATCH VirtualMachines_Update 200", RELEASE), writes());
        assertEquals(Action.NO_OP, only(plan()).action());
    }

    @Test
    void anInPlaceResizeOfARunningVmIsHeldBackUnderPowerCycleNever() throws Exception {
        start(b -> b.hardwareCluster("Standard_D4s_v5").seedVm(SeedVm.of(RG, "small").size("Standard_D2s_v5")),
                PowerCyclePolicy.NEVER, "small");
        Change resize = only(plan());
        assertEquals(Blocked.Kind.PENDING, resize.blocked().kind());
        assertTrue(resize.blocked().reason().contains("restarts"), resize.blocked().reason());
    }

    @Test
    void offTheClusterARunningVmIsDeallocatedResizedAndStartedAndAStoppedOneLeftDeallocated() throws Exception {
        start(b -> b.hardwareCluster("Standard_B2s").seedVm(SeedVm.of(RG, "run").size("Standard_B2s"))
                .seedVm(SeedVm.of(RG, "parked").size("Standard_B2s").powerState(ArmPowerState.DEALLOCATED)),
                PowerCyclePolicy.GRACEFUL, "run", "parked");
        TargetPlan plan = plan();
        Change run = plan.changes().get(0);
        Change parked = plan.changes().get(1);
        assertEquals(List.of(Disruption.DEALLOCATE), run.disruption());
        assertEquals("on", run.after().get("power"));
        assertEquals(List.of(), parked.disruption());
        assertEquals("deallocated", parked.after().get("power"));

        arm().requestLog().clear();
        ObservedVm ran = provider().apply(run, EventSink.NONE);
        assertEquals(List.of(LEASE, MARK, "POST VirtualMachines_Deallocate 202", "PATCH VirtualMachines_Update 200",
                "POST VirtualMachines_Start 202", UNMARK, RELEASE), writes());
        assertFalse(arm().vm(RG, "run").orElseThrow().tags().containsKey(RestoreMarker.TAG), "removed once started");
        assertTrue(ran.power().isRunning());
        assertEquals("Standard_D4s_v5", ran.property("size"));
        arm().requestLog().clear();
        ObservedVm stayed = provider().apply(parked, EventSink.NONE);
        assertEquals(List.of(LEASE, "PATCH VirtualMachines_Update 200", RELEASE), writes());
        assertEquals(dev.provision.provider.PowerState.DEALLOCATED, stayed.power());
    }

    @Test
    void aResizeThatFailsAfterTheDeallocateSaysTheVmIsDeallocatedAndHowToStartIt() throws Exception {
        start(b -> b.hardwareCluster("Standard_B2s").seedVm(SeedVm.of(RG, "run").size("Standard_B2s")),
                PowerCyclePolicy.GRACEFUL, "run");
        Change run = only(plan());
        arm().faults().skuNotAvailable("Standard_D4s_v5");
        ProviderException failed = assertThrows(ProviderException.class, () -> provider().apply(run, EventSink.NONE));
        assertTrue(failed.getMessage().contains("SkuNotAvailable"), failed.getMessage());
        assertTrue(failed.vmState().startsWith("deallocated (was on), still Standard_B2s"), failed.vmState());
        assertTrue(failed.vmState().contains("az vm start -g " + RG + " -n run"), failed.vmState());
        assertEquals(ArmPowerState.DEALLOCATED, arm().vm(RG, "run").orElseThrow().powerState());
    }

    @Test
    void whenOneVmsClusterSizesCannotBeReadItIsPlannedThroughDeallocateAndTheOthersAreStillPlanned() throws Exception {
        start(b -> b.hardwareCluster("Standard_D4s_v5").seedVm(SeedVm.of(RG, "a").size("Standard_B2s"))
                .seedVm(SeedVm.of(RG, "b").size("Standard_B2s")), PowerCyclePolicy.GRACEFUL, "a", "b");
        arm().faults().serverError(RequestMatcher.path("GET", ".*/virtualMachines/a/vmSizes"), FaultInjector.ALWAYS,
                500);
        TargetPlan plan = plan();
        Change a = plan.changes().stream().filter(c -> c.vm().equals("a")).findFirst().orElseThrow();
        Change b = plan.changes().stream().filter(c -> c.vm().equals("b")).findFirst().orElseThrow();
        assertEquals(List.of(Disruption.DEALLOCATE), a.disruption(), a.reasons().toString());
        assertTrue(a.reasons().stream().anyMatch(r -> r.startsWith("the VM's hardware-cluster sizes were not read")),
                a.reasons().toString());
        assertEquals(List.of(Disruption.REBOOT), b.disruption(), "b's cluster was read: resized in place");
    }

    @Test
    void aRefusedResizeOfADeallocatedVmDoesNotBlameTheHardwareCluster() throws Exception {
        start(b -> b.seedVm(SeedVm.of(RG, "parked").size("Standard_B2s").powerState(ArmPowerState.DEALLOCATED)),
                PowerCyclePolicy.GRACEFUL, "parked");
        Change parked = only(plan());
        // Azure's quota refusal (OperationNotAllowed), as the emulator's quota book words it.
        // The resize PATCH, not the lease's (which carries If-Match).
        arm().faults().quotaExceeded(RequestMatcher.unconditional("VirtualMachines_Update"), 1);
        ProviderException failed = assertThrows(ProviderException.class,
                () -> provider().apply(parked, EventSink.NONE));
        assertTrue(failed.getMessage().contains("OperationNotAllowed"), failed.getMessage());
        assertFalse(failed.getMessage().contains("hardware cluster"), "a deallocated VM has no hardware cluster: "
                + failed.getMessage());
        assertTrue(failed.vmState().startsWith("deallocated"), failed.vmState());
    }

    @Test
    void aCreateWhoseNicPutFailsDoesNotSayTheVmMayExist() throws Exception {
        start(b -> b, PowerCyclePolicy.GRACEFUL, "new");
        Change create = only(plan());
        arm().faults().reject(RequestMatcher.operation("NetworkInterfaces_CreateOrUpdate"), 1, 400, "InvalidParameter",
                "bad request");
        ProviderException failed = assertThrows(ProviderException.class,
                () -> provider().apply(create, EventSink.NONE));
        assertEquals(0, arm().requestLog().count("VirtualMachines_CreateOrUpdate"));
        assertFalse(failed.vmState().contains("failed state"), "no VM PUT was sent: " + failed.vmState());
        assertTrue(failed.vmState().startsWith("not created (no VM was requested"), failed.vmState());
    }

    @Test
    void throttledWritesAreRetriedAfterRetryAfter() throws Exception {
        start(b -> b.hardwareCluster("Standard_D4s_v5").seedVm(SeedVm.of(RG, "small").size("Standard_D2s_v5")),
                PowerCyclePolicy.FORCE, "small");
        Change resize = only(plan());
        arm().faults().throttle(RequestMatcher.unconditional("VirtualMachines_Update"), 2, 1);
        arm().requestLog().clear();
        ObservedVm after = provider().apply(resize, EventSink.NONE);
        assertEquals("Standard_D4s_v5", after.property("size"));
        // The lease's PATCH, the resize throttled twice then accepted, the lease's release.
        assertEquals(List.of(200, 429, 429, 200, 200), arm().requestLog().byOperation("VirtualMachines_Update").stream()
                .map(RequestLog.Entry::status).toList());
    }

    @Test
    void trustedLaunchIsAWarningAndItsReplacementIsRefusedWithAReason() throws Exception {
        start(b -> b.seedVm(SeedVm.of(RG, "tl").securityType(SecurityType.TRUSTED_LAUNCH)),
                PowerCyclePolicy.GRACEFUL, "tl");
        TargetPlan plan = plan();
        assertEquals(Action.NO_OP, only(plan).action());
        assertEquals(1, plan.warnings().size());
        assertTrue(plan.warnings().get(0).message().contains("Trusted Launch"), plan.warnings().toString());
        assertTrue(plan.warnings().get(0).message().contains("0x80370102"));

        DesiredState replace = new DesiredState(null, null, null, null, null, null, true)
                .overlay(AzureTargets.dockerDesktop(PowerCyclePolicy.GRACEFUL));
        azure.reopen(AzureTargets.target((dev.provision.spec.AzureSettings) azure.target().connection(),
                List.of("tl"), replace), dir);
        Change refused = only(plan());
        assertEquals(Action.REPLACE, refused.action());
        assertEquals(List.of(Disruption.REPLACE), refused.disruption());
        assertEquals(Blocked.Kind.REFUSED, refused.blocked().kind());
        assertTrue(refused.blocked().reason().contains("does not delete VMs"), refused.blocked().reason());
    }

    @Test
    void withQuotaExhaustedThePlanSaysSoAndNothingIsWritten() throws Exception {
        start(b -> b.quota("cores", 4).seedVm(SeedVm.of(RG, "busy")), PowerCyclePolicy.NEVER, "busy", "new-1");
        arm().requestLog().clear();
        TargetPlan plan = plan();
        Change create = plan.changes().get(1);
        assertEquals(Action.CREATE, create.action());
        assertEquals(Blocked.Kind.REFUSED, create.blocked().kind());
        assertTrue(create.blocked().reason().startsWith("no size in eastus2 qualifies"), create.blocked().reason());
        assertFalse(create.blocked().reason().contains("Docker Offload"), "sizes that nest exist: quota is the "
                + "cause, not the region: " + create.blocked().reason());
        assertTrue(create.blocked().reason().contains("Standard_D4s_v5: quota: cores has 0 of 4 vCPUs free"),
                create.blocked().reason());
        assertEquals(List.of(), writes(), "planning writes nothing");
    }

    @Test
    void withD4sV5RestrictedTheNextValidSizeIsCreated() throws Exception {
        start(b -> b.restrictSize("Standard_D4s_v5"), PowerCyclePolicy.NEVER, "vdi-new");
        Change create = only(plan());
        assertEquals("Standard_D4ds_v5", create.after().get("size"));
        assertEquals("Standard_D4ds_v5", provider().apply(create, EventSink.NONE).property("size"));
    }

    @Test
    void aVmThatDoesNotRunCannotBeProbedAndProbingIsHonestAboutWhatIsMissing() throws Exception {
        start(b -> b.seedVm(SeedVm.of(RG, "parked").powerState(ArmPowerState.DEALLOCATED)).seedVm(SeedVm.of(RG, "up")),
                PowerCyclePolicy.NEVER, "parked", "up");
        Inventory inventory = provider().read();
        ProviderException parked = assertThrows(ProviderException.class,
                () -> provider().probe(inventory.vm("parked").orElseThrow(), GuestSpec.NONE));
        assertTrue(parked.getMessage().contains("is deallocated: the guest cannot be probed"), parked.getMessage());
        // The running one answers the real probe from its simulated Windows: the seed default, a fresh Server 2022.
        GuestFacts up = provider().probe(inventory.vm("up").orElseThrow(), GuestSpec.NONE);
        assertEquals(Boolean.TRUE, up.windowsServer());
        assertEquals(20348, up.windowsBuild());
        assertEquals(FeatureState.DISABLED, up.feature(GuestFacts.VIRTUAL_MACHINE_PLATFORM));
        assertNull(up.distro(), "no guest.user: no boot attempted");
        // A user without a password cannot boot the distro: said plainly, before anything runs as that user.
        GuestSpec noPassword = new GuestSpec(List.of(GuestCheck.WSL2_BOOT), "Ubuntu", "vdiuser", null, null);
        ProviderException missing = assertThrows(ProviderException.class,
                () -> provider().probe(inventory.vm("up").orElseThrow(), noPassword));
        assertTrue(missing.getMessage().contains("guest.password is not"), missing.getMessage());
        assertEquals(0, arm().requestLog().count("VirtualMachineRunCommands_CreateOrUpdate"));
    }

    @Test
    void noSecretReachesThePlanTheEventsOrTheErrors() throws Exception {
        start(b -> b.seedVm(SeedVm.of(RG, "small").size("Standard_B2s")), PowerCyclePolicy.FORCE, "small", "new");
        TargetPlan targetPlan = plan();
        Plan plan = new Plan(Plan.FORMAT_VERSION, Instant.EPOCH, "spec.yaml", "digest", targetPlan.changes(),
                targetPlan.warnings());
        List<Event> events = Collections.synchronizedList(new ArrayList<>());
        StringBuilder seen = new StringBuilder(PlanJson.write(plan));
        for (Change change : targetPlan.changes()) {
            seen.append(provider().apply(change, events::add).describe());
        }
        arm().faults().reject(RequestMatcher.operation("VirtualMachines_CreateOrUpdate"), 1, 400, "InvalidParameter",
                "bad request");
        seen.append(assertThrows(ProviderException.class, () -> provider().apply(targetPlan.changes().get(1),
                EventSink.NONE)).getMessage());
        events.forEach(seen::append);
        arm().requestLog().entries().forEach(seen::append);
        assertFalse(seen.toString().contains(AzureTargets.TOKEN));
        assertFalse(seen.toString().contains(AzureTargets.ADMIN_PASSWORD));
    }
}
