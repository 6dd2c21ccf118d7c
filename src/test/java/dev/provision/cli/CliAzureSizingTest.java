package dev.provision.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provision.armlab.ArmEmulator;
import dev.provision.armlab.SeedVm;
import dev.provision.boot.Providers;
import dev.provision.rehearsal.DocumentedNesting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Size selection as real Azure answers it, through the command line against the ARM emulator, which serves the real
 * eastus2 Resource SKU list recorded by the Azure SDK team (constrained-vCPU sizes, Gen1-only series and all).
 */
class CliAzureSizingTest {
    private static final String RG = "sizing-rg";
    /** A quoted command in a message: {@code 'provision sizes --spec … --target …'}. */
    private static final Pattern SUGGESTED = Pattern.compile("'(provision [^']+)'");

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

    private void start(UnaryOperator<ArmEmulator.Builder> setup, String size, List<String> vms) throws Exception {
        arm = setup.apply(ArmEmulator.builder().nestingFamilies(DocumentedNesting.families())
                .tlsCacheDir(Path.of("target", "armlab-tls")).pollsBeforeDone(0)
                .resourceGroup(RG, "eastus2")).start();
        String yaml = "extends: docker-desktop\ndesired:\n  powerCycle: graceful\n" + size
                + "  guest:\n    checks: []\ntargets:\n" + EmulatorTarget.yaml(arm, RG, dir, vms);
        spec = dir.resolve("azure.yaml");
        Files.writeString(spec, yaml);
        Map<String, String> env = Map.of("AZURE_ACCESS_TOKEN", "sizing-token", "VM_ADMIN_PASSWORD", "Sizing-Pw-1!",
                "CI", "true", "PROVISION_CACHE_DIR", dir.resolve("cache").toString());
        context = new Context(env, null, specDir -> Providers.standard(specDir, env));
    }

    private CliRun run(String... args) {
        return CliRun.run(context, args);
    }

    private JsonNode plan() throws Exception {
        CliRun plan = run("plan", "--json", spec.toString());
        assertEquals(0, plan.exit, plan.toString());
        return new ObjectMapper().readTree(plan.out);
    }

    private static String refusal(JsonNode change) {
        return change.get("blocked").get("reason").asText();
    }

    /** Every command a message suggests runs as printed: parsed by the CLI, not refused as bad usage. */
    private void runSuggestedCommands(String text) {
        Matcher m = SUGGESTED.matcher(text);
        List<String> seen = new ArrayList<>();
        while (m.find()) {
            String command = m.group(1);
            seen.add(command);
            String[] args = command.substring("provision ".length()).split(" ");
            CliRun r = run(args);
            assertNotEquals(ExitCode.INVALID_INPUT, r.exit, "'" + command + "' does not run as printed: " + r);
            assertNotEquals(ExitCode.FAILURE, r.exit, "'" + command + "' failed: " + r);
        }
        assertFalse(seen.isEmpty(), "no command suggested in: " + text);
    }

    @Test
    void aConstrainedVcpuSizeIsJudgedOnTheVcpusItsGuestGets() throws Exception {
        // Standard_E4-2s_v5 in the recorded list: vCPUs 4, vCPUsAvailable 2, 32 GiB.
        start(b -> b.seedVm(SeedVm.of(RG, "vdi-constrained").size("Standard_E4-2s_v5")), "",
                List.of("vdi-constrained"));
        JsonNode change = plan().get("changes").get(0);
        assertEquals("update", change.get("action").asText(), change.toString());
        assertTrue(change.toString().contains("2 vCPUs (4 charged"), change.toString());

        CliRun sizes = run("sizes", "--spec", spec.toString());
        assertEquals(ExitCode.OK, sizes.exit, sizes.toString());
        String candidates = sizes.out.substring(0, sizes.out.indexOf("Not chosen"));
        assertFalse(candidates.contains("Standard_E4-2s_v5"), "not a 4-vCPU size: " + sizes.out);
        assertTrue(sizes.out.contains("Standard_E4-2s_v5: 2 vCPUs (4 charged"), sizes.out);
        CliRun two = run("sizes", "--spec", spec.toString(), "--min-vcpus", "2");
        assertTrue(two.out.lines().anyMatch(l -> l.trim().startsWith("Standard_E4-2s_v5")
                && l.contains("  2 vCPUs") && l.contains("constrained: 4 vCPUs charged")), two.out);
    }

    @Test
    void aPreferredSizeThatIsNotTakenIsExplainedWithTheNearestRealName() throws Exception {
        start(b -> b.restrictSize("Standard_D8s_v5"), "  size:\n    preferred: [Standard_D4sv5, Standard_D8s_v5]\n",
                List.of("vdi-new"));
        JsonNode plan = plan();
        assertEquals("Standard_D4s_v5", plan.get("changes").get(0).get("after").get("size").asText());
        String warnings = plan.get("warnings").toString();
        assertTrue(warnings.contains("preferred size Standard_D4sv5 was not taken: not offered in eastus2; did you "
                + "mean Standard_D4s_v5?"), warnings);
        assertTrue(warnings.contains("preferred size Standard_D8s_v5 was not taken: NotAvailableForSubscription in "
                + "eastus2"), warnings);
        CliRun human = run("plan", spec.toString());
        assertTrue(human.out.contains("did you mean Standard_D4s_v5?"), human.out);
    }

    @Test
    void aPinnedRestrictedSizeIsRefusedForItsRestrictionNotWithDockerOffload() throws Exception {
        start(b -> b.restrictSize("Standard_D4s_v5"), "  size:\n    exact: Standard_D4s_v5\n", List.of("vdi-new"));
        String why = refusal(plan().get("changes").get(0));
        assertTrue(why.contains("size.exact pins Standard_D4s_v5, which cannot be used here: "
                + "NotAvailableForSubscription in eastus2"), why);
        assertFalse(why.contains("Docker Offload"), "sizes that nest exist in eastus2: " + why);
        runSuggestedCommands(why);
    }

    @Test
    void aBatchThatDoesNotFitWholeIsPlacedVmByVm() throws Exception {
        start(b -> b.quota("cores", 6), "", List.of("vdi-a", "vdi-b"));
        JsonNode changes = plan().get("changes");
        assertFalse(changes.get(0).hasNonNull("blocked"),
                "6 free cores hold one 4-vCPU VM: " + changes.get(0));
        assertEquals("Standard_D4s_v5", changes.get(0).get("after").get("size").asText());
        String why = refusal(changes.get(1));
        assertTrue(why.contains("quota: cores has 2 of 6 vCPUs free, 4 needed for 1 VM: 2 vCPUs short"), why);
        assertFalse(why.contains("Docker Offload"), why);
        runSuggestedCommands(why);
    }

    @Test
    void dockerOffloadIsTheAnswerOnlyWhenNoSizeInTheRegionCanNest() throws Exception {
        start(b -> b.quota("cores", 0), "", List.of("vdi-new"));
        String why = refusal(plan().get("changes").get(0));
        assertFalse(why.contains("Docker Offload"), why);
        assertTrue(why.contains("quota: "), why);
        runSuggestedCommands(why);
    }

    @Test
    void everyCommandARefusalSuggestsRunsAsPrinted() throws Exception {
        start(b -> b.quota("cores", 0), "", List.of("vdi-new"));
        CliRun plan = run("plan", spec.toString());
        runSuggestedCommands(plan.out);
        runSuggestedCommands(refusal(plan().get("changes").get(0)));
    }

    @Test
    void sizesJudgesWhatPlanJudgesAndSaysSoInItsExitCode() throws Exception {
        // Ev3 boots Generation 1 only; the spec's Windows 11 image is Generation 2, so plan refuses the pin.
        start(b -> b, "  size:\n    exact: Standard_E4_v3\n", List.of("vdi-new"));
        String why = refusal(plan().get("changes").get(0));
        assertTrue(why.contains("Hyper-V generation"), why);
        CliRun sizes = run("sizes", "--spec", spec.toString());
        assertEquals(ExitCode.CANNOT_REACH_WANTED_STATE, sizes.exit, sizes.toString());
        assertTrue(sizes.out.contains("none: size.exact pins Standard_E4_v3"), sizes.out);
        assertTrue(sizes.out.contains("Hyper-V generation"), sizes.out);
    }

    @Test
    void sizesListsCandidatesAndNamedRejectionsByDefaultAndEverythingWithAll() throws Exception {
        start(b -> b, "", List.of("vdi-new"));
        CliRun sizes = run("sizes", "--spec", spec.toString());
        assertEquals(ExitCode.OK, sizes.exit, sizes.toString());
        assertFalse(sizes.out.contains("is not in the nested-virtualization catalog"), sizes.out);
        assertTrue(sizes.out.contains("sizes of series the nested-virtualization catalog does not cover"), sizes.out);
        assertTrue(sizes.out.contains("Standard_B4ms: burstable series (B), no nested virtualization"), sizes.out);
        CliRun all = run("sizes", "--spec", spec.toString(), "--all");
        assertTrue(all.out.contains("is not in the nested-virtualization catalog"), all.out);

        CliRun none = run("sizes", "--spec", spec.toString(), "--min-vcpus", "64", "--min-memory", "4096");
        assertEquals(ExitCode.CANNOT_REACH_WANTED_STATE, none.exit, none.toString());
        assertTrue(none.out.contains("none: no size in eastus2 qualifies"), none.out);
    }
}
