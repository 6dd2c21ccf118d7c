package dev.provision.azure;

import dev.provision.armlab.ArmEmulator;
import dev.provision.armlab.RunCommandLoad;
import dev.provision.armlab.SeedVm;
import dev.provision.engine.Engine;
import dev.provision.engine.ProviderRegistry;
import dev.provision.event.EventSink;
import dev.provision.guest.VmVerification;
import dev.provision.spec.Spec;
import dev.provision.spec.SpecLoader;
import dev.provision.spec.TargetKind;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A benchmark, not a test (the class name matches no surefire pattern, so {@code mvn verify} never runs it):
 * {@code provision verify} of 200 emulated Azure VMs whose every Run Command takes {@link #LATENCY} in the guest,
 * at --parallelism 1 (the serial baseline), 4 (the default) and 16, in the same run. Prints a Markdown section and
 * writes it to {@code target/benchmarks/parallel-probes.md}.
 *
 * <p>Azure's Run Command takes 20 s and more per script (../shared/domain); that is scaled down 100x to 200 ms so
 * the serial baseline takes about a minute, and the emulator leaves Retry-After out (whole seconds only) so the SDK
 * polls every {@link #POLL}. Each run gets a fresh emulator and subscription: provision paces writes (a Run Command
 * is a POST) per subscription at ARM's 200-write burst, which one run of 200 probes just fits.
 */
class ParallelProbeBenchmark {
    private static final int VMS = 200;
    private static final int RUNS = 3;
    private static final Duration LATENCY = Duration.ofMillis(200);
    private static final Duration POLL = Duration.ofMillis(20);
    private static final int[] PARALLELISM = {1, 4, 16};
    private static final String RG = "vdi-rg";

    @Test
    void verifyTwoHundredVms() throws Exception {
        Path dir = Files.createTempDirectory("probe-bench");
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        run(dir, 16); // warm-up: class loading, JIT, TLS
        Map<Integer, List<Double>> walls = new LinkedHashMap<>();
        Map<Integer, Integer> peaks = new LinkedHashMap<>();
        for (int round = 0; round < RUNS; round++) {
            for (int parallelism : PARALLELISM) {
                Measured m = run(dir, parallelism);
                walls.computeIfAbsent(parallelism, p -> new ArrayList<>()).add(m.seconds);
                peaks.merge(parallelism, m.peak, Math::max);
            }
        }
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        StringBuilder md = new StringBuilder();
        md.append("### Verify 200 VMs, Run Command latency scaled to ").append(LATENCY.toMillis()).append(" ms (")
                .append(LocalDate.now()).append(")\n\n");
        md.append(String.format(Locale.ROOT, "Machine: %d cores, Java %s, 1-minute load average %.2f before / %.2f "
                + "after. Medians of %d runs, after one warm-up run.%n%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), loadBefore, loadAfter, RUNS));
        md.append("| --parallelism | Run Commands in flight at once (peak; on one VM: 1) | median s | runs (s) |\n");
        md.append("|---|---|---|---|\n");
        double serial = median(walls.get(1));
        for (int parallelism : PARALLELISM) {
            md.append(String.format(Locale.ROOT, "| %d%s | %d | %.2f | %s |%n", parallelism,
                    parallelism == 1 ? " (serial baseline)" : "", peaks.get(parallelism),
                    median(walls.get(parallelism)), list(walls.get(parallelism))));
        }
        md.append('\n');
        for (int parallelism : PARALLELISM) {
            if (parallelism > 1) {
                md.append(String.format(Locale.ROOT, "- --parallelism %d: %.1fx faster than serial%n", parallelism,
                        serial / median(walls.get(parallelism))));
            }
        }
        Path out = Path.of("target", "benchmarks", "parallel-probes.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md);
        System.out.println(md);
    }

    private record Measured(double seconds, int peak) {}

    /** One {@code provision verify} (read, plan, probe, judge) of the fleet, from a fresh emulator. */
    private static Measured run(Path dir, int parallelism) throws Exception {
        String subscription = UUID.randomUUID().toString();
        ArmEmulator.Builder builder = EmulatorConnection.emulator().subscriptionId(subscription).threads(16)
                .runCommandLatency(LATENCY).pollPacedByClient().resourceGroup(RG, "eastus2");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < VMS; i++) {
            names.add(String.format(Locale.ROOT, "vdi-%03d", i));
            builder.seedVm(SeedVm.of(RG, names.get(i)));
        }
        try (ArmEmulator arm = builder.start()) {
            Path specDir = Files.createDirectories(dir.resolve(subscription));
            Path spec = writeSpec(specDir, arm, names);
            Map<String, String> env = Map.of("AZURE_ACCESS_TOKEN", "bench-token",
                    "PROVISION_CACHE_DIR", dir.resolve("cache").toString(), "CI", "true");
            ProviderRegistry providers = new ProviderRegistry().register(TargetKind.AZURE,
                    target -> AzureProvider.polling(target, env, POLL));
            Spec loaded = new SpecLoader().load(spec);
            long start = System.nanoTime();
            List<VmVerification> results;
            try (Engine engine = new Engine(providers, EventSink.NONE)) {
                results = engine.verify(loaded, engine.read(loaded), parallelism);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            RunCommandLoad load = arm.runCommandLoad();
            assertEquals(VMS, results.size());
            assertEquals(0, results.stream().filter(r -> r.error() != null).count(), () -> results.stream()
                    .filter(r -> r.error() != null).findFirst().map(VmVerification::error).orElse(""));
            assertEquals(VMS, load.started(), "one Run Command (the system part) per VM");
            assertEquals(1, load.peakOnOneVm(), "two Run Commands at once on one VM");
            return new Measured(seconds, load.peakInFlight());
        }
    }

    private static Path writeSpec(Path dir, ArmEmulator arm, List<String> names) throws Exception {
        Files.writeString(dir.resolve("arm-ca.pem"), arm.tlsIdentity().certificatePem());
        StringBuilder yaml = new StringBuilder("extends: docker-desktop\ntargets:\n  - name: azure\n    kind: azure\n"
                + "    azure:\n      subscription: " + arm.subscriptionId() + "\n      location: eastus2\n"
                + "      resourceGroup: " + RG + "\n      endpoint: " + arm.endpoint() + "\n"
                + "      caFile: arm-ca.pem\n      token: ${env:AZURE_ACCESS_TOKEN}\n    vms:\n");
        names.forEach(n -> yaml.append("      - name: ").append(n).append('\n'));
        Path spec = dir.resolve("fleet.yaml");
        Files.writeString(spec, yaml);
        return spec;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static String list(List<Double> values) {
        return String.join(", ", values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList());
    }
}
