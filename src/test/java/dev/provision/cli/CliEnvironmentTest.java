package dev.provision.cli;

import static dev.provision.vsphere.sim.VcsimServer.hostName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.provision.armlab.ArmEmulator;
import dev.provision.boot.Providers;
import dev.provision.vsphere.sim.VcsimScenario;
import dev.provision.vsphere.sim.VcsimServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connection fields from the environment: {@code ${env:NAME}} in a non-secret field, and the ecosystem's own
 * variables (govc's GOVC_*, the Azure CLI's AZURE_SUBSCRIPTION_ID) for a field the spec leaves out. The variable
 * names are govc's and Azure's own (govc's README, "Usage"; the Azure SDK's environment configuration).
 */
class CliEnvironmentTest {
    @TempDir
    Path dir;

    private VcsimServer vcsim;

    @AfterEach
    void stop() {
        if (vcsim != null) {
            vcsim.close();
        }
    }

    @Test
    void aVsphereBlockLeftEmptyIsFilledFromGovcVariablesAndThePlanSaysSoByNameOnly() throws IOException {
        vcsim = new VcsimServer().withVms(1).withHosts(1).withScenario(VcsimScenario.create()
                .allVms(vm -> vm.guestId("windows9_64Guest").hardwareVersion("vmx-13").poweredOn().onHost(hostName(0))
                        .nestedHvEnabled(true).vhvEnable("TRUE"))).start();
        Path spec = dir.resolve("govc.yaml");
        Files.writeString(spec, """
                targets:
                  - name: vc
                    kind: vsphere
                    vsphere:
                      thumbprint: "%s"
                    vms:
                      - pattern: "*"
                """.formatted(vcsim.thumbprint()));
        Map<String, String> govc = Map.of("GOVC_URL", vcsim.url(), "GOVC_USERNAME", vcsim.username(),
                "GOVC_PASSWORD", vcsim.password());
        Path planFile = dir.resolve("plan.json");
        CliRun plan = run(govc, "plan", spec.toString(), "--out", planFile.toString());
        assertEquals(0, plan.exit, plan.toString());
        assertTrue(plan.out.contains("vc: from the environment: url (GOVC_URL), username (GOVC_USERNAME), "
                + "password (GOVC_PASSWORD)"), plan.out);
        String saved = Files.readString(planFile);
        assertTrue(saved.contains("\"password\" : \"GOVC_PASSWORD\""), saved);
        assertFalse(plan.out.contains(vcsim.password()) || plan.err.contains(vcsim.password())
                || saved.contains(vcsim.password()), "no secret value printed or saved");
        assertTrue(run(govc, "show", planFile.toString()).out.contains("vc: from the environment: url (GOVC_URL)"));

        CliRun validate = run(govc, "validate", spec.toString());
        assertEquals(0, validate.exit, validate.toString());
        assertTrue(validate.out.contains("from the environment: url (GOVC_URL), username (GOVC_USERNAME), "
                + "password (GOVC_PASSWORD)"), validate.out);
    }

    @Test
    void aLeftOutFieldWhoseVariableIsUnsetIsStillMissing() throws IOException {
        Path spec = dir.resolve("govc.yaml");
        Files.writeString(spec, """
                targets:
                  - name: vc
                    kind: vsphere
                    vsphere:
                      username: svc
                    vms:
                      - pattern: "*"
                """);
        for (String verb : List.of("validate", "plan")) {
            CliRun r = run(Map.of(), verb, spec.toString());
            assertEquals(ExitCode.INVALID_INPUT, r.exit, r.toString());
            assertTrue(r.err.contains(spec + ":5:7: error: missing 'url' in the vsphere block; add it (a value or "
                    + "${env:NAME}), or set GOVC_URL"), r.err);
        }
    }

    private static final String AZURE = """
            targets:
              - name: azure
                kind: azure
                azure:
                  cloud: emulator
                  location: ${env:LAB_REGION}
                  resourceGroup: ${env:LAB_GROUP}
                  template:
                    image: "MicrosoftWindowsDesktop:windows-11:win11-23h2-ent:latest"
                    adminUsername: labadmin
                    adminPassword: ${env:LAB_ADMIN_PASSWORD}
                    subnet: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-lab/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default
                vms:
                  - name: az-new
            """;

    @Test
    void oneAzureSpecServesSeveralEnvironmentsThroughVariables() throws IOException {
        Path spec = dir.resolve("azure.yaml");
        Files.writeString(spec, AZURE);
        CliRun plan = run(Map.of("AZURE_SUBSCRIPTION_ID", "00000000-0000-0000-0000-000000000000",
                "LAB_REGION", "eastus2", "LAB_GROUP", "rg-lab", "LAB_ADMIN_PASSWORD", "Unused-1!"),
                "plan", spec.toString());
        assertEquals(0, plan.exit, plan.toString());
        assertTrue(plan.out.contains("+ azure/az-new  create"), plan.out);
        assertTrue(plan.out.contains("azure: from the environment: subscription (AZURE_SUBSCRIPTION_ID), "
                + "location (LAB_REGION), resourceGroup (LAB_GROUP)"), plan.out);
    }

    @Test
    void validateNotesUnsetReferencesButPlanRefusesThemAtTheirPlace() throws IOException {
        Path spec = dir.resolve("azure.yaml");
        Files.writeString(spec, AZURE.replace("cloud: emulator", "cloud: emulator\n      subscription: ${env:LAB_SUB}"));
        CliRun validate = run(Map.of(), "validate", spec.toString());
        assertEquals(0, validate.exit, validate.toString());
        assertTrue(validate.out.contains("from the environment: subscription (LAB_SUB, not set here), location "
                + "(LAB_REGION, not set here), resourceGroup (LAB_GROUP, not set here)"), validate.out);
        CliRun plan = run(Map.of("LAB_SUB", "00000000-0000-0000-0000-000000000000", "LAB_REGION", "eastus2"),
                "plan", spec.toString());
        assertEquals(ExitCode.INVALID_INPUT, plan.exit, plan.toString());
        assertTrue(plan.err.startsWith(spec + ":8:22: error: 'resourceGroup' is ${env:LAB_GROUP}, and environment "
                + "variable LAB_GROUP is not set"), plan.err);
        assertTrue(plan.err.contains("nothing was contacted or changed"), plan.err);
    }

    @Test
    void aBadValueFromTheEnvironmentIsCheckedAsAWrittenOneAndSaysWhereItCameFrom() throws IOException {
        Path spec = dir.resolve("azure.yaml");
        Files.writeString(spec, AZURE);
        CliRun plan = run(Map.of("AZURE_SUBSCRIPTION_ID", "my-subscription", "LAB_REGION", "East US 2",
                "LAB_GROUP", "rg-lab"), "plan", spec.toString());
        assertEquals(ExitCode.INVALID_INPUT, plan.exit, plan.toString());
        assertTrue(plan.err.contains("'subscription' must be a subscription ID, a GUID such as "
                + "00000000-0000-0000-0000-000000000000, not 'my-subscription' (from the environment)"), plan.err);
        assertTrue(plan.err.contains(spec + ":6:17: error: 'location' must be a region name in lower case without "
                + "spaces, such as eastus2, not 'East US 2' (from ${env:LAB_REGION})"), plan.err);
    }

    @Test
    void helpSaysWhichVariablesFillAField() {
        CliRun schema = run(Map.of(), "schema");
        assertTrue(schema.out.contains("left out, GOVC_URL") && schema.out.contains("AZURE_SUBSCRIPTION_ID"),
                schema.out);
    }

    private CliRun run(Map<String, String> variables, String... args) {
        Map<String, String> env = new HashMap<>(variables);
        env.put("CI", "true");
        env.put("PROVISION_CACHE_DIR", dir.resolve("cache").toString());
        return CliRun.run(new Context(env, null, folder -> Providers.standard(folder, env)), args);
    }
}
