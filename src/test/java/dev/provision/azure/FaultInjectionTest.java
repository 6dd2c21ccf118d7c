package dev.provision.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import dev.provision.armlab.ArmEmulator;
import dev.provision.armlab.ArmPowerState;
import dev.provision.armlab.RequestLog;
import dev.provision.armlab.RequestMatcher;
import dev.provision.armlab.SeedVm;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Azure's misbehaviour, injected, and what the real SDK makes of it (retries, waits, errors). */
class FaultInjectionTest {
    private static final String RG = "faults-rg";
    private static ArmEmulator arm;
    private static AzureClients azure;

    @BeforeAll
    static void start() {
        arm = EmulatorConnection.emulator().seedVm(SeedVm.of(RG, "vm1")).start();
        azure = EmulatorConnection.clientsFor(arm);
    }

    @AfterEach
    void clearFaults() {
        arm.faults().clear();
        arm.requestLog().clear();
    }

    @AfterAll
    static void stop() {
        arm.close();
    }

    @Test
    void throttlingWithRetryAfterIsWaitedOutAndRetried() {
        arm.faults().throttle(RequestMatcher.operation("Usage_List"), 2, 1);
        long start = System.nanoTime();
        azure.compute().getUsages().list(Vms.LOCATION).forEach(u -> { });
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        List<RequestLog.Entry> calls = arm.requestLog().byOperation("Usage_List");
        assertEquals(List.of(429, 429, 200), calls.stream().map(RequestLog.Entry::status).toList());
        Duration firstGap = Duration.between(calls.get(0).at(), calls.get(1).at());
        assertTrue(firstGap.toMillis() >= 950, "the SDK waited Retry-After: 1 s, not its own backoff: " + firstGap);
        assertTrue(took.toMillis() >= 1900, "two 1-second waits: " + took);
    }

    @Test
    void serverErrorsAreRetriedForGetsAndPosts() {
        arm.faults().serverError(RequestMatcher.path("GET", "/virtualMachines/vm1$"), 1, 503);
        assertEquals("vm1", azure.compute().getVirtualMachines().getByResourceGroup(RG, "vm1").name());
        assertEquals(List.of(503, 200), arm.requestLog().byOperation("VirtualMachines_Get").stream()
                .map(RequestLog.Entry::status).toList());
    }

    @Test
    void failedLongRunningOperationSurfacesAsAnError() {
        arm.faults().failOperation(RequestMatcher.operation("VirtualMachines_Deallocate"), 1,
                "InternalExecutionError", "An internal execution error occurred. Please retry later.");
        ManagementException failed = assertThrows(ManagementException.class,
                () -> azure.compute().getVirtualMachines().deallocate(RG, "vm1"));
        assertEquals("InternalExecutionError", failed.getValue().getCode());
        assertEquals(ArmPowerState.RUNNING, arm.vm(RG, "vm1").orElseThrow().powerState(),
                "a failed deallocate leaves the VM as it was");
    }

    @Test
    void skuNotAvailableAtCreate() {
        arm.faults().skuNotAvailable("Standard_D8s_v5");
        ManagementException refused = assertThrows(ManagementException.class, () ->
                Vms.createVm(azure, RG, "big-vm", "Standard_D8s_v5", "2022-datacenter-g2", "Standard",
                        Vms.unmadeNic(arm.subscriptionId(), RG)));
        assertEquals(409, refused.getResponse().getStatusCode());
        assertEquals("SkuNotAvailable", refused.getValue().getCode());
        assertTrue(refused.getValue().getMessage().contains("Standard_D8s_v5"));
    }

    @Test
    void restrictedSkuFromTheRecordingIsNotAvailableEither() {
        // Standard_NC12_Promo carries a Location restriction (NotAvailableForSubscription) in the eastus2 list.
        ManagementException refused = assertThrows(ManagementException.class, () ->
                Vms.createVm(azure, RG, "gpu-vm", "Standard_NC12_Promo", "2022-datacenter", "Standard",
                        Vms.unmadeNic(arm.subscriptionId(), RG)));
        assertEquals("SkuNotAvailable", refused.getValue().getCode());
    }

    @Test
    void injectedQuotaErrorPerOperation() {
        arm.faults().quotaExceeded(RequestMatcher.operation("VirtualMachines_Start"), 1);
        azure.compute().getVirtualMachines().deallocate(RG, "vm1");
        ManagementException refused = assertThrows(ManagementException.class,
                () -> azure.compute().getVirtualMachines().start(RG, "vm1", Context.NONE));
        assertEquals("OperationNotAllowed", refused.getValue().getCode());
        assertTrue(refused.getValue().getMessage().contains("quota"));
        azure.compute().getVirtualMachines().start(RG, "vm1");
        assertEquals(ArmPowerState.RUNNING, arm.vm(RG, "vm1").orElseThrow().powerState());
    }
}
