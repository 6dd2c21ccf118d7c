package dev.provision.azure;

import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.azure.resourcemanager.compute.models.InstanceViewTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provision.apply.ApplyReport;
import dev.provision.boot.Providers;
import dev.provision.model.ChangeOutcome;
import dev.provision.armlab.ArmEmulator;
import dev.provision.armlab.RequestMatcher;
import dev.provision.armlab.SeedVm;
import dev.provision.azure.sizing.RecordedAzure;
import dev.provision.engine.Engine;
import dev.provision.event.EventSink;
import dev.provision.plan.Plan;
import dev.provision.spec.Spec;
import dev.provision.spec.SpecLoader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Benchmarks, not tests: the class name matches none of surefire's default patterns, so {@code mvn verify} never
 * runs it. Run it with {@code mvn -B -q package -DskipTests && mvn -B test -Dtest=AzureBenchmark}; it prints a
 * Markdown section and writes it to {@code target/benchmarks/azure.md}. Everything runs against the ARM emulator
 * on loopback (the real SDK over HTTPS, Retry-After: 1 on every long-running operation).
 */
class AzureBenchmark {
    private static final int RUNS = 5;
    private final StringBuilder report = new StringBuilder();

    @Test
    void all() throws Exception {
        Path dir = Files.createTempDirectory("azure-bench");
        line("## Azure");
        line("");
        line("Machine: " + Runtime.getRuntime().availableProcessors() + " cores ("
                + cpu() + "), JDK " + System.getProperty("java.version") + "; load average at start "
                + String.format(Locale.ROOT, "%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage())
                + ". Medians of " + RUNS + " runs. Reproduce: `mvn -B -q package -DskipTests && mvn -B test "
                + "-Dtest=AzureBenchmark` (prints this section; also in target/benchmarks/azure.md).");
        line("");
        sizesColdStart(dir);
        planAtScale(dir);
        resizesUnderThrottling(dir);
        Path out = Path.of("target", "benchmarks", "azure.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println(report);
    }

    // ---- 1. provision sizes, fresh JVM -------------------------------------------------------------------------

    private void sizesColdStart(Path dir) throws Exception {
        Path jar = Path.of("target", "provision.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "build the jar first: mvn -B -q package -DskipTests");
        try (ArmEmulator arm = EmulatorConnection.emulator().threads(8).start()) {
            Path spec = writeSpec(dir.resolve("sizes"), arm, List.of("bench-rg"), Map.of("bench-rg", "eastus2"),
                    Map.of());
            List<Double> cold = new ArrayList<>();
            List<Double> warm = new ArrayList<>();
            List<Double> coldC1 = new ArrayList<>();
            List<Double> warmC1 = new ArrayList<>();
            List<Double> coldCds = new ArrayList<>();
            List<Double> warmCds = new ArrayList<>();
            List<String> cdsFlags = classDataArchive(jar, spec, dir);
            for (int i = 0; i < RUNS; i++) {
                Path cache = dir.resolve("sizes-cache-" + i);
                cold.add(runSizes(jar, spec, cache, List.of()));
                warm.add(runSizes(jar, spec, cache, List.of()));
                Path cacheC1 = dir.resolve("sizes-cache-c1-" + i);
                coldC1.add(runSizes(jar, spec, cacheC1, LAUNCHER_FLAGS));
                warmC1.add(runSizes(jar, spec, cacheC1, LAUNCHER_FLAGS));
                Path cacheCds = dir.resolve("sizes-cache-cds-" + i);
                coldCds.add(runSizes(jar, spec, cacheCds, cdsFlags));
                warmCds.add(runSizes(jar, spec, cacheCds, cdsFlags));
            }
            line("### `provision sizes` from a fresh JVM");
            line("");
            line("| variant | median wall | runs |");
            line("|---|---|---|");
            line("| cold SKU cache (3 pages over TLS) | " + secs(median(cold)) + " | " + list(cold) + " |");
            line("| warm SKU cache (no SKU call) | " + secs(median(warm)) + " | " + list(warm) + " |");
            line("| cold, `" + String.join(" ", LAUNCHER_FLAGS) + "` | " + secs(median(coldC1)) + " | "
                    + list(coldC1) + " |");
            line("| warm, same flags | " + secs(median(warmC1)) + " | " + list(warmC1) + " |");
            line("| cold, same flags + class-data archive (what `./provision` runs) | " + secs(median(coldCds))
                    + " | " + list(coldCds) + " |");
            line("| warm, same flags + class-data archive | " + secs(median(warmCds)) + " | " + list(warmCds) + " |");
            line("| baseline: fluent ComputeManager, JDK client (shared/domain/azure-sdk-facts.md) | 3.39 s | |");
            line("");
            line("Target < 2 s. Cold/baseline ratio " + ratio(median(cold), 3.39) + ". Wall includes JVM start, "
                    + "spec loading, client build, listing (or cache read), selection and printing all ~560 rows.");
            line("");
        }
    }

    /** Records a class-data archive with one training run, as the launcher does once per build. */
    private static List<String> classDataArchive(Path jar, Path spec, Path dir) throws Exception {
        Path archive = dir.resolve("provision.jsa");
        List<String> training = new ArrayList<>(LAUNCHER_FLAGS);
        training.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:disable"));
        runSizes(jar, spec, dir.resolve("sizes-cache-training"), training);
        assertTrue(Files.isRegularFile(archive), "the training run wrote no archive");
        List<String> flags = new ArrayList<>(LAUNCHER_FLAGS);
        flags.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:disable"));
        return flags;
    }

    /** What the ./provision launcher passes to the JVM: C1 only and the serial collector, for a short CLI run. */
    private static final List<String> LAUNCHER_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private static double runSizes(Path jar, Path spec, Path cache, List<String> flags) throws Exception {
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(flags);
        command.addAll(List.of("-jar", jar.toString(), "sizes", "--spec", spec.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("AZURE_ACCESS_TOKEN", "bench-token");
        pb.environment().put("PROVISION_CACHE_DIR", cache.toString());
        long start = System.nanoTime();
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        int exit = p.waitFor();
        double took = (System.nanoTime() - start) / 1e9;
        assertEquals(0, exit, out);
        assertTrue(out.contains("Standard_D4s_v5"), out);
        return took;
    }

    // ---- 2. plan 200 VMs in 4 resource groups and 2 regions -----------------------------------------------------

    private void planAtScale(Path dir) throws Exception {
        Path westus2 = relabelledSkuList(dir);
        List<String> groups = List.of("rg-east-a", "rg-east-b", "rg-west-a", "rg-west-b");
        Map<String, String> regions = Map.of("rg-east-a", "eastus2", "rg-east-b", "eastus2",
                "rg-west-a", "westus2", "rg-west-b", "westus2");
        line("### Plan 200 VMs in 4 resource groups and 2 regions");
        line("");
        line("westus2 is the recorded eastus2 SKU list relabelled (the emulator has one real recording). "
                + "Calls are counted by the emulator's request log (server side), SKU cache warm unless said.");
        line("");
        line("| variant | ARM calls | SKU calls | median wall | runs |");
        line("|---|---|---|---|---|");
        for (int resize : new int[] {0, 20}) {
            ArmEmulator.Builder builder = EmulatorConnection.emulator().threads(8).skuFile(westus2)
                    .hardwareCluster("Standard_D4s_v5");
            for (String rg : groups) {
                builder.resourceGroup(rg, regions.get(rg));
                for (int i = 0; i < 50; i++) {
                    boolean small = i < resize / groups.size();
                    builder.seedVm(SeedVm.of(rg, rg + "-vm" + i).location(regions.get(rg))
                            .size(small ? "Standard_D2s_v5" : "Standard_D4s_v5"));
                }
            }
            try (ArmEmulator arm = builder.start()) {
                Map<String, List<String>> vms = new HashMap<>();
                groups.forEach(rg -> {
                    List<String> names = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        names.add(rg + "-vm" + i);
                    }
                    vms.put(rg, names);
                });
                Path spec = writeSpec(dir.resolve("plan-" + resize), arm, groups, regions, vms);
                Map<String, String> env = benchEnv(dir.resolve("plan-cache-" + resize));
                Spec loaded = new SpecLoader().load(spec);
                long coldSkuCalls = 0;
                List<Double> walls = new ArrayList<>();
                long calls = 0;
                long skuCalls = 0;
                for (int run = 0; run <= RUNS; run++) {
                    arm.requestLog().clear();
                    long start = System.nanoTime();
                    Plan plan;
                    try (Engine engine = new Engine(Providers.standard(spec.getParent(), env), EventSink.NONE)) {
                        plan = engine.plan(loaded, spec.toString());
                    }
                    double took = (System.nanoTime() - start) / 1e9;
                    assertEquals(200, plan.changes().size());
                    if (run == 0) {
                        coldSkuCalls = arm.requestLog().count("ResourceSkus_List");
                        continue; // warms the SKU cache
                    }
                    walls.add(took);
                    calls = arm.requestLog().size();
                    skuCalls = arm.requestLog().count("ResourceSkus_List");
                }
                line("| provision, " + (resize == 0 ? "all 200 adequate" : resize + " running VMs need a resize")
                        + " | " + calls + " | " + skuCalls + " (cold: " + coldSkuCalls + ") | " + secs(median(walls))
                        + " | " + list(walls) + " |");
                if (resize == 0) {
                    baselinePerVmGet(arm, groups, vms);
                }
            }
        }
        line("");
        line("Per target (one resource group in one region): 1 VM listing with instance views, 1 usages listing, "
                + "the SKU list from the disk cache, and one listAvailableSizes per allocated VM that must be "
                + "resized (that answer decides between an in-place resize and a deallocation). Target: at most "
                + "12 calls and 0 SKU calls warm: met for a fleet that needs no resize; each VM to resize adds 1.");
        line("");
    }

    /** The per-VM baseline: list each group's VM names, then one GET with instance view per VM. */
    private void baselinePerVmGet(ArmEmulator arm, List<String> groups, Map<String, List<String>> vms) {
        AzureClients azure = EmulatorConnection.clientsFor(arm);
        List<Double> walls = new ArrayList<>();
        long calls = 0;
        for (int run = 0; run < RUNS; run++) {
            arm.requestLog().clear();
            long start = System.nanoTime();
            int read = 0;
            for (String rg : groups) {
                for (VirtualMachineInner vm : azure.compute().getVirtualMachines().listByResourceGroup(rg)) {
                    azure.compute().getVirtualMachines().getByResourceGroupWithResponse(rg, vm.name(),
                            InstanceViewTypes.INSTANCE_VIEW, Context.NONE);
                    read++;
                }
            }
            walls.add((System.nanoTime() - start) / 1e9);
            calls = arm.requestLog().size();
            assertEquals(200, read);
        }
        line("| baseline: list + one GET per VM (no SKUs, no usages) | " + calls + " | 0 | " + secs(median(walls))
                + " | " + list(walls) + " |");
    }

    // ---- 3. apply 100 resizes with 10% 429s ---------------------------------------------------------------------

    private void resizesUnderThrottling(Path dir) throws Exception {
        int parallelism = 10;
        List<Double> single = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            single.add(applyResizes(dir.resolve("one-" + run), 1, 1, 0, run).wall);
        }
        double t1 = median(single);
        List<Double> clean = new ArrayList<>();
        List<Double> throttled = new ArrayList<>();
        long failures = 0;
        long throttles = 0;
        for (int run = 0; run < RUNS; run++) {
            clean.add(applyResizes(dir.resolve("clean-" + run), 100, parallelism, 0, 100 + run).wall);
            Result r = applyResizes(dir.resolve("throttled-" + run), 100, parallelism, 10, 200 + run);
            throttled.add(r.wall);
            failures += r.failures;
            throttles += r.throttles;
        }
        double ideal = Math.ceil(100.0 / parallelism) * t1;
        line("### Apply 100 in-place resizes, parallelism " + parallelism + ", 10 of the 100 PATCHes answered "
                + "429 (Retry-After: 1)");
        line("");
        line("| variant | median wall | runs |");
        line("|---|---|---|");
        line("| one resize alone (t1: PATCH, 1 s poll, read back) | " + secs(t1) + " | " + list(single) + " |");
        line("| ideal schedule: ceil(100/" + parallelism + ") x t1 | " + secs(ideal) + " | |");
        line("| 100 resizes, no faults | " + secs(median(clean)) + " | " + list(clean) + " |");
        line("| 100 resizes, 10% 429s | " + secs(median(throttled)) + " | " + list(throttled) + " |");
        line("");
        line("Failures over all throttled runs: " + failures + "; 429s answered: " + throttles + ". Throttled/ideal "
                + ratio(median(throttled), ideal) + " (target <= 1.3); throttled/no faults "
                + ratio(median(throttled), median(clean)) + ".");
        line("");
    }

    private record Result(double wall, long failures, long throttles) {}

    private Result applyResizes(Path dir, int vms, int parallelism, int throttled, int seed) throws Exception {
        String subscription = String.format(Locale.ROOT, "00000000-0000-0000-0000-%012d", seed);
        // Quota for 100 x 4 vCPUs: the recorded limits (100) would refuse the batch in the plan, rightly.
        ArmEmulator.Builder builder = EmulatorConnection.emulator().threads(16).subscriptionId(subscription)
                .quota("cores", 1000).quota("standardDSv5Family", 1000)
                .hardwareCluster("Standard_D4s_v5").resourceGroup("bench-rg", "eastus2");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < vms; i++) {
            names.add("vm" + i);
            builder.seedVm(SeedVm.of("bench-rg", "vm" + i).size("Standard_D2s_v5"));
        }
        try (ArmEmulator arm = builder.start()) {
            Path spec = writeSpec(dir, arm, List.of("bench-rg"), Map.of("bench-rg", "eastus2"),
                    Map.of("bench-rg", names));
            Map<String, String> env = benchEnv(dir.resolve("cache"));
            Spec loaded = new SpecLoader().load(spec);
            try (Engine engine = new Engine(Providers.standard(spec.getParent(), env), EventSink.NONE)) {
                Plan plan = engine.plan(loaded, spec.toString());
                if (throttled > 0) {
                    arm.faults().throttle(RequestMatcher.operation("VirtualMachines_Update"), throttled, 1);
                }
                arm.requestLog().clear();
                long start = System.nanoTime();
                ApplyReport report = engine.apply(plan, loaded, parallelism);
                double wall = (System.nanoTime() - start) / 1e9;
                long failures = report.outcomes().stream().filter(o -> o.status().isFailure()).count();
                assertEquals(vms, report.count(ChangeOutcome.Status.APPLIED) + failures);
                assertTrue(throttled > 0 || failures == 0, "an unthrottled run must not fail: " + report);
                long throttles = arm.requestLog().byOperation("VirtualMachines_Update").stream()
                        .filter(e -> e.status() == 429).count();
                return new Result(wall, failures, throttles);
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static Map<String, String> benchEnv(Path cache) {
        return Map.of("AZURE_ACCESS_TOKEN", "bench-token", "PROVISION_CACHE_DIR", cache.toString(), "CI", "true");
    }

    /** One target per resource group, all pointing at the emulator with its certificate as caFile. */
    private static Path writeSpec(Path dir, ArmEmulator arm, List<String> groups, Map<String, String> regions,
                                  Map<String, List<String>> vms) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("arm-ca.pem"), arm.tlsIdentity().certificatePem());
        StringBuilder yaml = new StringBuilder("extends: docker-desktop\ndesired:\n  powerCycle: force\n"
                + "  guest:\n    checks: []\ntargets:\n");
        for (String rg : groups) {
            yaml.append("  - name: ").append(rg).append("\n    kind: azure\n    azure:\n")
                    .append("      subscription: ").append(arm.subscriptionId()).append('\n')
                    .append("      location: ").append(regions.get(rg)).append('\n')
                    .append("      resourceGroup: ").append(rg).append('\n')
                    .append("      endpoint: ").append(arm.endpoint()).append('\n')
                    .append("      caFile: arm-ca.pem\n      token: ${env:AZURE_ACCESS_TOKEN}\n    vms:\n");
            List<String> names = vms.getOrDefault(rg, List.of("absent-vm"));
            names.forEach(n -> yaml.append("      - name: ").append(n).append('\n'));
        }
        Path spec = dir.resolve("bench.yaml");
        Files.writeString(spec, yaml);
        return spec;
    }

    /** The recorded eastus2 list with every location renamed westus2: a second region for the emulator. */
    private static Path relabelledSkuList(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode root = json.readTree(RecordedAzure.recordings().resolve("skus-eastus2.json").toFile());
        ArrayNode out = json.createArrayNode();
        for (JsonNode sku : root.get("value")) {
            String text = json.writeValueAsString(sku).replace("\"eastus2\"", "\"westus2\"")
                    .replace("\"EastUS2\"", "\"westus2\"");
            out.add(json.readTree(text));
        }
        ObjectNode doc = json.createObjectNode();
        doc.set("value", out);
        Path file = dir.resolve("skus-westus2.json");
        json.writeValue(file.toFile(), doc);
        return file;
    }

    private static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private void line(String text) {
        report.append(text).append('\n');
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String secs(double s) {
        return String.format(Locale.ROOT, "%.2f s", s);
    }

    private static String ratio(double a, double b) {
        return String.format(Locale.ROOT, "%.2fx", a / b);
    }

    private static String list(List<Double> values) {
        return String.join(", ", values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList());
    }
}
