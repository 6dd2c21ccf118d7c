package dev.provision.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provision.armlab.RequestLog;
import dev.provision.armlab.SecurityType;
import dev.provision.event.EventSink;
import dev.provision.model.Action;
import dev.provision.model.Change;
import dev.provision.provider.ProviderException;
import dev.provision.spec.AzureSettings;
import dev.provision.spec.PowerCyclePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a new VM's PUT carries about its security type, seen on the wire by the emulator, and what a subscription
 * that refuses an explicit {@code securityType: Standard} (no UseStandardSecurityType feature) makes of it.
 */
class VmCreateBodyTest {
    private static final String RG = "body-rg";

    @TempDir
    Path dir;

    @RegisterExtension
    final EmulatedAzure azure = new EmulatedAzure(RG);

    private Change plannedCreate(String vm) throws Exception {
        azure.start(dir, b -> b.pollsBeforeDone(0), AzureTargets.dockerDesktop(PowerCyclePolicy.NEVER), List.of(vm));
        azure.arm().faults().refuseExplicitStandardSecurityType();
        Change create = azure.plan().changes().get(0);
        assertEquals(Action.CREATE, create.action());
        assertEquals("Standard", create.after().get("securityType"));
        return create;
    }

    private RequestLog.Entry vmPut() {
        List<RequestLog.Entry> puts = azure.arm().requestLog().byOperation("VirtualMachines_CreateOrUpdate");
        assertEquals(1, puts.size(), puts.toString());
        return puts.get(0);
    }

    @Test
    void aStandardVmIsCreatedWithoutSecurityProfileOnTheSdksApiVersionEvenWhereExplicitStandardIsRefused()
            throws Exception {
        Change create = plannedCreate("vdi-std");
        azure.provider().apply(create, EventSink.NONE);

        RequestLog.Entry put = vmPut();
        assertEquals(201, put.status(), put.toString());
        assertTrue(put.query().contains("api-version=" + AzureClients.COMPUTE_API_VERSION),
                "the decision is made for the api-version the SDK really sends: " + put.query());
        JsonNode body = put.body();
        assertTrue(body.path("properties").has("hardwareProfile"), "the body was captured: " + body);
        assertFalse(body.path("properties").has("securityProfile"),
                "before 2025-11-01 a Standard VM is asked for by leaving securityProfile out: " + body);
        assertEquals("<redacted>", body.path("properties").path("osProfile").path("adminPassword").asText(),
                "the request log never keeps the admin password");
        assertEquals(SecurityType.STANDARD, azure.arm().vm(RG, "vdi-std").orElseThrow().securityType());
    }

    @Test
    void anExplicitStandardRefusedByArmNamesTheFeatureAndHowToRegisterIt() throws Exception {
        Change create = plannedCreate("vdi-explicit");
        AzureSettings connection = (AzureSettings) azure.target().connection();
        VmChanges onNewerApi = new VmChanges(AzureConnector.connect(connection, AzureTargets.env(dir)), connection,
                AzureTargets.env(dir), VmChanges.STANDARD_AS_VALUE_SINCE);

        ProviderException refused = assertThrows(ProviderException.class,
                () -> onNewerApi.create(create, EventSink.NONE, "run=test"));

        assertEquals("Standard", vmPut().body().path("properties").path("securityProfile").path("securityType")
                .asText(), "from 2025-11-01 on Standard is sent explicitly");
        assertEquals(400, vmPut().status());
        String message = refused.getMessage();
        assertTrue(message.contains("the subscription does not allow securityType Standard explicitly (feature "
                + "UseStandardSecurityType not registered)"), message);
        assertTrue(message.contains("az feature register --namespace Microsoft.Compute --name UseStandardSecurityType"),
                message);
        assertTrue(message.contains("InvalidParameter"), "Azure's own code stays visible: " + message);
        assertFalse(message.contains("\n"), message);
        assertTrue(azure.arm().vm(RG, "vdi-explicit").isEmpty());
    }

    @Test
    void trustedLaunchIsAlwaysExplicitAndStandardOnlyFromTheFirstClassApiVersion() {
        assertEquals("TrustedLaunch", VmChanges.securityProfile("TrustedLaunch", "2025-04-01").securityType()
                .toString());
        assertTrue(VmChanges.securityProfile("TrustedLaunch", "2025-04-01").uefiSettings().secureBootEnabled());
        assertNull(VmChanges.securityProfile("Standard", "2025-04-01"));
        assertNull(VmChanges.securityProfile("Standard", "2024-11-01"));
        assertEquals("Standard", VmChanges.securityProfile("Standard", "2025-11-01").securityType().toString());
    }
}
