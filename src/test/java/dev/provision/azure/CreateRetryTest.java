package dev.provision.azure;

import dev.provision.armlab.ArmEmulator;
import dev.provision.armlab.RequestLog;
import dev.provision.armlab.RequestMatcher;
import dev.provision.event.EventSink;
import dev.provision.model.Action;
import dev.provision.model.Change;
import dev.provision.provider.ProviderException;
import dev.provision.spec.PowerCyclePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The no-orphans promise of a create, on the wire: every resource a new VM brings is named after the VM (the NIC
 * {@code <vm>-nic}, the OS disk {@code <vm>-osdisk}), so a create that failed after its NIC was made, applied again,
 * PUTs the same names and leaves one NIC and one VM, not a second set beside the first.
 */
class CreateRetryTest {
    private static final String RG = "retry-rg";
    private static final String VM = "vdi-retry";

    @TempDir
    Path dir;

    @RegisterExtension
    final EmulatedAzure azure = new EmulatedAzure(RG);

    @Test
    void aCreateWhoseVmPutFailedAfterTheNicLeavesOneNicAndOneVmWhenAppliedAgain() throws Exception {
        azure.start(dir, b -> b, AzureTargets.dockerDesktop(PowerCyclePolicy.NEVER), List.of(VM));
        ArmEmulator arm = azure.arm();
        AzureProvider provider = azure.provider();
        Change create = plannedCreate();
        // The VM's long-running create fails once; the error is the one FaultInjectionTest uses for a failed LRO.
        arm.faults().failOperation(RequestMatcher.operation("VirtualMachines_CreateOrUpdate"), 1,
                "InternalExecutionError", "An internal execution error occurred. Please retry later.");

        ProviderException failed = assertThrows(ProviderException.class, () -> provider.apply(create,
                EventSink.NONE));
        assertTrue(failed.getMessage().contains("InternalExecutionError"), failed.getMessage());
        assertEquals(1, arm.requestLog().byOperation("NetworkInterfaces_CreateOrUpdate").size(),
                "the NIC was made before the VM PUT failed");

        // The retry of the same change, as AzureProviderTest's repeated create (a re-plan here reads the VM the
        // failed operation left, which is another question than the names).
        provider.apply(create, EventSink.NONE);

        List<RequestLog.Entry> nicPuts = arm.requestLog().byOperation("NetworkInterfaces_CreateOrUpdate");
        assertEquals(List.of("/networkInterfaces/" + VM + "-nic"), nicPuts.stream()
                .map(e -> e.path().substring(e.path().lastIndexOf("/networkInterfaces/"))).distinct().toList(),
                "both tries PUT the one NIC name");
        assertEquals(1, nicPuts.stream().filter(e -> e.status() == 201).count(), "one NIC was created: " + nicPuts);
        List<RequestLog.Entry> vmPuts = arm.requestLog().byOperation("VirtualMachines_CreateOrUpdate");
        assertEquals(2, vmPuts.size(), vmPuts.toString());
        for (RequestLog.Entry put : vmPuts) {
            assertEquals(VM + "-osdisk", put.body().path("properties").path("storageProfile").path("osDisk")
                    .path("name").asText(), "the OS disk is named after the VM: " + put.body());
        }
        assertEquals(List.of(VM), arm.vms().stream().map(v -> v.name()).toList(), "one VM");
    }

    private Change plannedCreate() throws Exception {
        Change change = azure.plan().changes().get(0);
        assertEquals(Action.CREATE, change.action(), change.toString());
        return change;
    }
}
