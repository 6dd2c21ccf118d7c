package dev.provision.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provision.armlab.ArmEmulator;
import dev.provision.armlab.ArmPowerState;
import dev.provision.armlab.RequestLog;
import dev.provision.armlab.RequestMatcher;
import dev.provision.armlab.SecurityType;
import dev.provision.armlab.SeedVm;
import dev.provision.boot.Providers;
import dev.provision.rehearsal.DocumentedNesting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Azure path end to end through the real command line: a spec written at test time points a custom endpoint at
 * the ARM emulator with its certificate as caFile and the token by reference, as a user's spec would.
 */
class CliAzureTest {
    private static final String RG = "cli-rg";
    private static final String TOKEN = "cli-token-never-printed-77";
    private static final String PASSWORD = "Cli-Admin-Never-Printed-1!";

    @TempDir
    Path dir;

    private ArmEmulator arm;
    private Path spec;
    private Context context;

    @AfterEach
    void stop() {
        if (arm != null) {
            arm.close();
        }
    }

    private void start(UnaryOperator<ArmEmulator.Builder> setup, List<String> vms) throws Exception {
        arm = setup.apply(ArmEmulator.builder().nestingFamilies(DocumentedNesting.families())
                .tlsCacheDir(Path.of("target", "armlab-tls")).pollsBeforeDone(0)
                .resourceGroup(RG, "eastus2")).start();
        String yaml = """
                extends: docker-desktop
                desired:
                  powerCycle: graceful
                  guest:
                    checks: []
                targets:
                """ + EmulatorTarget.yaml(arm, RG, dir, vms);
        spec = dir.resolve("azure.yaml");
        Files.writeString(spec, yaml);
        Map<String, String> env = Map.of("AZURE_ACCESS_TOKEN", TOKEN, "VM_ADMIN_PASSWORD", PASSWORD, "CI", "true",
                "PROVISION_CACHE_DIR", dir.resolve("cache").toString());
        context = new Context(env, null, specDir -> Providers.standard(specDir, env));
    }

    private CliRun run(String... args) {
        CliRun r = CliRun.run(context, args);
        assertFalse(r.out.contains(TOKEN) || r.err.contains(TOKEN), "the token leaked: " + r);
        assertFalse(r.out.contains(PASSWORD) || r.err.contains(PASSWORD), "the password leaked: " + r);
        return r;
    }

    private List<String> writes() {
        return arm.requestLog().entries().stream().filter(e -> !e.method().equals("GET"))
                .map(e -> e.method() + " " + e.path()).toList();
    }

    @Test
    void anEmptyTokenIsBadInputLikeAnUnsetOneAndAnHttpEndpointIsNotToldToUseInsecure() throws Exception {
        start(b -> b, List.of("vdi-1"));
        Map<String, String> empty = Map.of("AZURE_ACCESS_TOKEN", "", "VM_ADMIN_PASSWORD", PASSWORD, "CI", "true",
                "PROVISION_CACHE_DIR", dir.resolve("cache").toString());
        CliRun emptyToken = CliRun.run(new Context(empty, null, d -> Providers.standard(d, empty)),
                "plan", spec.toString());
        assertEquals(ExitCode.INVALID_INPUT, emptyToken.exit, emptyToken.toString());
        // Reported at the token: line of the spec (the secret reference carries its location).
        assertTrue(emptyToken.err.contains("azure.yaml:15:14: error: secret ${env:AZURE_ACCESS_TOKEN}")
                && emptyToken.err.contains("is set but empty"), emptyToken.err);
        assertFalse(emptyToken.err.contains("internal error"), emptyToken.err);

        Files.writeString(spec, Files.readString(spec).replace("endpoint: https://", "endpoint: http://"));
        CliRun http = run("plan", spec.toString());
        assertEquals(ExitCode.INVALID_INPUT, http.exit, http.toString());
        assertTrue(http.err.contains("'endpoint' must use https://"), http.err);
        assertFalse(http.err.contains("insecure"), "the azure block has no insecure: " + http.err);
    }

    @Test
    void planApplyAndASecondApplyThatIsANoOp() throws Exception {
        // The emulator has one hardware cluster; offering only small sizes sends both resizes through the
        // deallocate path here (the in-place path is covered in AzureProviderTest).
        start(b -> b.hardwareCluster("Standard_B2s")
                .seedVm(SeedVm.of(RG, "vdi-small").size("Standard_D2s_v5"))
                .seedVm(SeedVm.of(RG, "vdi-burst").size("Standard_B2s"))
                .seedVm(SeedVm.of(RG, "vdi-tl").securityType(SecurityType.TRUSTED_LAUNCH))
                .seedVm(SeedVm.of(RG, "vdi-parked").size("Standard_B2s").powerState(ArmPowerState.DEALLOCATED)),
                List.of("vdi-small", "vdi-burst", "vdi-tl", "vdi-parked", "vdi-new"));

        CliRun plan = run("plan", "--json", spec.toString());
        assertEquals(0, plan.exit, plan.toString());
        JsonNode json = new ObjectMapper().readTree(plan.out);
        JsonNode changes = json.get("changes");
        assertEquals("update", changes.get(0).get("action").asText());
        assertEquals("deallocate", changes.get(0).get("disruption").get(0).asText(), "D4s_v5 is off the cluster");
        assertEquals("deallocate", changes.get(1).get("disruption").get(0).asText(), "burstable, off the cluster");
        assertEquals("no-op", changes.get(2).get("action").asText());
        assertEquals(0, changes.get(3).get("disruption").size(), "deallocated: resized, left deallocated");
        assertEquals("create", changes.get(4).get("action").asText());
        assertEquals("Standard_D4s_v5", changes.get(4).get("after").get("size").asText());
        assertTrue(json.get("warnings").get(0).get("message").asText().contains("TrustedLaunch"));
        assertEquals(List.of(), writes(), "plan writes nothing");

        arm.faults().throttle(RequestMatcher.operation("VirtualMachines_Update"), 1, 1);
        CliRun apply = run("apply", "--auto-approve", spec.toString());
        assertEquals(0, apply.exit, apply.toString());
        assertTrue(arm.requestLog().byOperation("VirtualMachines_Update").stream()
                .anyMatch(e -> e.status() == 429), "a throttled write was retried");
        assertEquals("Standard_D4s_v5", arm.vm(RG, "vdi-burst").orElseThrow().size());
        assertEquals(ArmPowerState.RUNNING, arm.vm(RG, "vdi-burst").orElseThrow().powerState());
        assertEquals(ArmPowerState.DEALLOCATED, arm.vm(RG, "vdi-parked").orElseThrow().powerState());
        assertTrue(arm.vm(RG, "vdi-new").isPresent());

        arm.requestLog().clear();
        CliRun again = run("plan", "--detailed-exitcode", spec.toString());
        assertEquals(ExitCode.OK, again.exit, again.toString());
        CliRun second = run("apply", "--auto-approve", spec.toString());
        assertEquals(0, second.exit, second.toString());
        assertEquals(List.of(), writes(), "the second apply changes nothing");
        for (RequestLog.Entry e : arm.requestLog().entries()) {
            assertFalse(e.toString().contains(TOKEN) || e.toString().contains(PASSWORD));
        }
    }

    @Test
    void withQuotaExhaustedThePlanSaysSoAndApplyWritesNothing() throws Exception {
        start(b -> b.quota("cores", 0), List.of("vdi-new"));
        CliRun plan = run("plan", spec.toString());
        assertEquals(0, plan.exit, plan.toString());
        assertTrue(plan.out.contains("REFUSED"), plan.out);
        assertTrue(plan.out.contains("quota: cores has 0 of 0 vCPUs free"), plan.out);
        assertFalse(plan.out.contains("Docker Offload"), "sizes that nest exist; quota is the cause: " + plan.out);
        CliRun apply = run("apply", "--auto-approve", spec.toString());
        assertEquals(ExitCode.APPLY_PARTLY_FAILED, apply.exit, apply.toString());
        assertEquals(List.of(), writes(), "no PUT, PATCH, POST or DELETE");
    }

    @Test
    void sizesListsCandidatesBestFirstAndWhyEveryOtherSizeIsNot() throws Exception {
        start(b -> b, List.of("vdi-new"));
        CliRun sizes = run("sizes", "--spec", spec.toString());
        assertEquals(0, sizes.exit, sizes.toString());
        String firstCandidate = sizes.out.lines().skip(1).findFirst().orElseThrow().trim();
        assertTrue(firstCandidate.startsWith("Standard_D4s_v5"), sizes.out);
        assertTrue(sizes.out.contains("Standard_B4ms: burstable series (B), no nested virtualization"), sizes.out);
        assertEquals(3, arm.requestLog().count("ResourceSkus_List"));

        arm.requestLog().clear();
        CliRun warm = run("sizes", "--spec", spec.toString(), "--min-vcpus", "64", "--min-memory", "4096");
        assertTrue(warm.out.contains("none: no size in eastus2 qualifies"), warm.out);
        assertEquals(ExitCode.CANNOT_REACH_WANTED_STATE, warm.exit, warm.toString());
        assertEquals(0, arm.requestLog().count("ResourceSkus_List"), "served from the cache");
        run("sizes", "--spec", spec.toString(), "--refresh");
        assertEquals(3, arm.requestLog().count("ResourceSkus_List"), "--refresh reads it again");
    }
}
