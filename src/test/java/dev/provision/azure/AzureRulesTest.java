package dev.provision.azure;

import dev.provision.azure.sizing.NestedVirtualizationCatalog;
import dev.provision.azure.sizing.QuotaUsage;
import dev.provision.azure.sizing.RecordedAzure;
import dev.provision.azure.sizing.VmSku;
import dev.provision.model.Action;
import dev.provision.model.Blocked;
import dev.provision.model.Change;
import dev.provision.model.DesiredVm;
import dev.provision.model.TargetPlan;
import dev.provision.provider.Inventory;
import dev.provision.provider.ObservedVm;
import dev.provision.provider.PowerState;
import dev.provision.spec.AzureSettings;
import dev.provision.spec.AzureVmTemplate;
import dev.provision.spec.PowerCyclePolicy;
import dev.provision.spec.SecretRef;
import dev.provision.spec.SourceLocation;
import dev.provision.spec.TargetSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure rules on the real eastus2 SKU list and recorded usages: no emulator, no network. */
class AzureRulesTest {
    private static List<VmSku> skus;
    private static List<QuotaUsage> usages;
    private final AzureRules rules = new AzureRules(NestedVirtualizationCatalog.documented());

    @BeforeAll
    static void read() throws Exception {
        skus = RecordedAzure.eastus2Skus();
        usages = RecordedAzure.usages();
    }

    private static TargetSpec target(List<String> vms) {
        return target(vms, PowerCyclePolicy.GRACEFUL);
    }

    private static TargetSpec target(List<String> vms, PowerCyclePolicy policy) {
        AzureVmTemplate template = new AzureVmTemplate("MicrosoftWindowsServer:WindowsServer:2022-datacenter-g2:latest",
                "admin", SecretRef.parse("${env:P}", Path.of(".")), "/subscriptions/s/resourceGroups/r/providers/"
                + "Microsoft.Network/virtualNetworks/v/subnets/default", null, List.of(), null, null);
        return AzureTargets.target(new AzureSettings("00000000-0000-0000-0000-000000000000", "eastus2", "rg",
                "AzureCloud", null, null, null, template), vms, AzureTargets.dockerDesktop(policy));
    }

    private static ObservedVm vm(String name, String size, PowerState power) {
        return new ObservedVm(name, "/vms/" + name, power, false, Map.of("size", size, "securityType", "Standard",
                "hyperVGeneration", "V2", "osDiskType", "Premium_LRS", "zones", ""));
    }

    private static List<DesiredVm> desired(TargetSpec target) {
        return target.vms().stream().map(s -> new DesiredVm(s.name(), target.desired().resolve(),
                SourceLocation.UNKNOWN)).toList();
    }

    @Test
    void quotaIsJudgedForCreatesAndResizesTogether() {
        List<QuotaUsage> tight = new ArrayList<>(usages);
        tight.add(0, new QuotaUsage("standardDSv5Family", 2, 10));
        TargetSpec target = target(List.of("small", "new-1", "new-2"));
        Inventory inventory = new Inventory(List.of(vm("small", "Standard_D2s_v5", PowerState.ON)),
                new AzureFacts("eastus2", true, skus, tight, Map.of()));
        TargetPlan plan = rules.plan(target, inventory, desired(target));
        // 8 free + the 2 the resize gives back = 10 < 3 x 4: the preferred size does not fit the batch.
        for (int i = 0; i < 3; i++) {
            assertEquals("Standard_D4ds_v5", plan.changes().get(i).after().get("size"), plan.changes().get(i).toString());
        }
        assertEquals(Action.UPDATE, plan.changes().get(0).action());
        assertEquals(Action.CREATE, plan.changes().get(1).action());

        tight.set(0, new QuotaUsage("standardDSv5Family", 2, 12));
        TargetPlan fits = rules.plan(target, new Inventory(inventory.vms(), new AzureFacts("eastus2", true, skus,
                tight, Map.of())), desired(target));
        assertEquals("Standard_D4s_v5", fits.changes().get(1).after().get("size"), "10 free + 2 given back = 12: all three fit");
    }

    @Test
    void aVmLeftInProvisioningStateFailedWithoutTheCreateMarkerIsAWarningNotAFinishedCreate() {
        TargetSpec target = target(List.of("broken", "cut-short"));
        Map<String, String> failed = Map.of("size", "Standard_D4s_v5", "securityType", "Standard", "location",
                "eastus2", "zones", "", VmProperties.PROVISIONING_STATE, "Failed");
        Map<String, String> marked = new java.util.HashMap<>(failed);
        marked.put(VmProperties.CREATE_INTERRUPTED, "run=0badc0de,host=gone,pid=1");
        Inventory inventory = new Inventory(List.of(
                new ObservedVm("broken", "/vms/broken", PowerState.DEALLOCATED, true, failed),
                new ObservedVm("cut-short", "/vms/cut-short", PowerState.DEALLOCATED, true, marked)),
                new AzureFacts("eastus2", true, skus, usages, Map.of()));
        TargetPlan plan = rules.plan(target, inventory, desired(target));

        assertEquals(Action.NO_OP, plan.changes().get(0).action(), "not provision's create: left alone");
        assertTrue(plan.warnings().stream().anyMatch(w -> w.vm().equals("broken")
                && w.message().startsWith("provisioningState is Failed")), plan.warnings().toString());
        Change finish = plan.changes().get(1);
        assertEquals(Action.CREATE, finish.action(), finish.toString());
        assertEquals("Standard_D4s_v5", finish.after().get("size"), "the size it was made with");
        assertEquals("on", finish.after().get("power"));
        assertEquals("Failed", finish.before().get(VmProperties.PROVISIONING_STATE), "before: the VM as read");
        assertTrue(finish.reasons().get(0).contains("left by run=0badc0de,host=gone,pid=1"), finish.toString());
    }

    @Test
    void anUncataloguedSeriesIsAWarningNotAGuessedResize() {
        TargetSpec target = target(List.of("gpu"));
        Inventory inventory = new Inventory(List.of(vm("gpu", "Standard_NC6_Promo", PowerState.ON)),
                new AzureFacts("eastus2", true, skus, usages, Map.of()));
        TargetPlan plan = rules.plan(target, inventory, desired(target));
        assertEquals(Action.NO_OP, plan.changes().get(0).action());
        assertEquals(1, plan.warnings().size());
        assertTrue(plan.warnings().get(0).message().contains("unknown, not guessed"), plan.warnings().toString());
    }

    @Test
    void withoutATemplateACreateIsRefusedWithWhatToAdd() {
        TargetSpec base = target(List.of("new"));
        AzureSettings c = (AzureSettings) base.connection();
        TargetSpec noTemplate = AzureTargets.target(new AzureSettings(c.subscription(), c.location(),
                c.resourceGroup(), c.cloud(), null, null, null, null), List.of("new"), base.desired());
        TargetPlan plan = rules.plan(noTemplate, new Inventory(List.of(), new AzureFacts("eastus2", true, skus,
                usages, Map.of())), desired(noTemplate));
        assertTrue(plan.changes().get(0).blocked().reason().contains("add azure.template"));
    }

    @Test
    void anExistingConstrainedVcpuVmIsResizedForTheVcpusItsGuestGets() {
        TargetSpec target = target(List.of("e4"));
        Inventory inventory = new Inventory(List.of(vm("e4", "Standard_E4-2s_v5", PowerState.ON)),
                new AzureFacts("eastus2", true, skus, usages, Map.of()));
        TargetPlan plan = rules.plan(target, inventory, desired(target));
        assertEquals(Action.UPDATE, plan.changes().get(0).action(), plan.changes().get(0).toString());
        assertTrue(plan.changes().get(0).reasons().get(0).startsWith("2 vCPUs"), plan.changes().get(0).toString());
    }

    @Test
    void aBatchIsPlacedVmByVmSoFreeCoresAreUsedAndTheRestAreRefusedForWhatTheyLack() {
        List<QuotaUsage> six = new ArrayList<>(usages);
        six.add(0, new QuotaUsage("cores", 4, 10));
        TargetSpec target = target(List.of("new-1", "new-2"));
        TargetPlan plan = rules.plan(target, new Inventory(List.of(), new AzureFacts("eastus2", true, skus, six,
                Map.of())), desired(target));
        assertEquals(null, plan.changes().get(0).blocked(), plan.changes().get(0).toString());
        assertEquals("Standard_D4s_v5", plan.changes().get(0).after().get("size"));
        String why = plan.changes().get(1).blocked().reason();
        assertTrue(why.contains("quota: cores has 2 of 10 vCPUs free, 4 needed for 1 VM: 2 vCPUs short"), why);
        assertTrue(!why.contains("Docker Offload"), why);
    }

    @Test
    void underPowerCycleNeverARunningVmsResizeWaitsAndSaysWhatAzureWouldDoToIt() {
        TargetSpec target = target(List.of("on", "off"), PowerCyclePolicy.NEVER);
        List<ObservedVm> vms = List.of(vm("on", "Standard_D2s_v5", PowerState.ON),
                vm("off", "Standard_D2s_v5", PowerState.OFF));
        TargetPlan elsewhere = rules.plan(target, new Inventory(vms, new AzureFacts("eastus2", true, skus, usages,
                Map.of())), desired(target));
        Change running = elsewhere.changes().get(0);
        assertEquals(Blocked.pending("VM is running and must be deallocated to resize; powerCycle 'never' does not "
                + "allow that: deallocate it, or set powerCycle to 'graceful' or 'force'"), running.blocked());
        assertEquals(null, elsewhere.changes().get(1).blocked(), "a stopped VM is resized whatever the policy");

        Set<String> here = Set.of(String.valueOf(running.after().get("size")).toLowerCase());
        TargetPlan inPlace = rules.plan(target, new Inventory(vms, new AzureFacts("eastus2", true, skus, usages,
                Map.of("on", here, "off", here))), desired(target));
        assertEquals(Blocked.pending("VM is running and Azure restarts it to resize; powerCycle 'never' does not "
                + "allow that: stop it, or set powerCycle to 'graceful' or 'force'"),
                inPlace.changes().get(0).blocked());
        assertEquals(null, inPlace.changes().get(1).blocked());
    }
}
