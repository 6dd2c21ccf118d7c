package dev.provision.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.compute.fluent.models.UsageInner;
import dev.provision.armlab.ArmEmulator;
import dev.provision.armlab.ArmPowerState;
import dev.provision.armlab.SeedVm;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Compute usages as the SDK reads them, and vCPU quota enforced the way Azure words it. */
class UsagesAndQuotaTest {
    private static final String RG = "quota-rg";
    private static ArmEmulator arm;
    private static AzureClients azure;

    @BeforeAll
    static void start() {
        arm = EmulatorConnection.emulator()
                .quota("standardDSv5Family", 10)
                .seedVm(SeedVm.of(RG, "running-d4").size("Standard_D4s_v5"))
                .seedVm(SeedVm.of(RG, "parked-d4").size("Standard_D4s_v5").powerState(ArmPowerState.DEALLOCATED))
                .start();
        azure = EmulatorConnection.clientsFor(arm);
    }

    @AfterAll
    static void stop() {
        arm.close();
    }

    @Test
    void usagesCountAllocatedCoresPerFamilyAndRegion() {
        Map<String, UsageInner> usages = usages();
        assertEquals(135, usages.size(), "the recorded quota table");
        UsageInner family = usages.get("standardDSv5Family");
        assertEquals(10, family.limit());
        assertEquals(4, family.currentValue(), "the deallocated VM holds no cores");
        assertEquals("Standard DSv5 Family vCPUs", family.name().localizedValue());
        assertEquals("Count", family.unit().toString());
        assertEquals(4, usages.get("cores").currentValue());
        assertEquals(2, usages.get("virtualMachines").currentValue());
    }

    @Test
    void startingBeyondTheFamilyQuotaIsOperationNotAllowed() {
        // 4 running + 4 = 8 <= 10: fine.
        azure.compute().getVirtualMachines().start(RG, "parked-d4");
        assertEquals(8, usages().get("standardDSv5Family").currentValue());
        // 8 + 4 > 10: refused, as Azure refuses a create.
        ManagementException refused = assertThrows(ManagementException.class, () ->
                Vms.createVm(azure, RG, "one-too-many", "Standard_D4s_v5", "2022-datacenter-g2", "Standard",
                        Vms.unmadeNic(arm.subscriptionId(), RG)));
        assertEquals("OperationNotAllowed", refused.getValue().getCode());
        assertTrue(refused.getValue().getMessage().contains("exceeding approved standardDSv5Family Cores quota"),
                refused.getValue().getMessage());
        azure.compute().getVirtualMachines().deallocate(RG, "parked-d4");
        assertEquals(4, usages().get("standardDSv5Family").currentValue());
    }

    private static Map<String, UsageInner> usages() {
        Map<String, UsageInner> byName = new HashMap<>();
        azure.compute().getUsages().list(Vms.LOCATION).forEach(u -> byName.put(u.name().value(), u));
        return byName;
    }
}
