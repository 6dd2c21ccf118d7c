package dev.provision.vsphere;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.engine.Engine;
import dev.provision.engine.ProviderRegistry;
import dev.provision.event.EventSink;
import dev.provision.model.DesiredVm;
import dev.provision.plan.Plan;
import dev.provision.plan.SelectorResolver;
import dev.provision.model.TargetPlan;
import dev.provision.provider.Inventory;
import dev.provision.spec.Diagnostic;
import dev.provision.spec.Spec;
import dev.provision.spec.SpecLoader;
import dev.provision.spec.TargetKind;
import dev.provision.spec.TargetSpec;
import dev.provision.vsphere.sim.VcsimScenario;
import dev.provision.vsphere.sim.VcsimServer;
import dev.provision.vsphere.sim.VcsimTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A benchmark, not a timed test: never run by {@code mvn verify} (its name matches no test pattern). Run it with
 * {@code mvn -B -q -Pbenchmark test}; it prints a Markdown table and writes it to target/benchmarks/.
 *
 * <p>Plans 1,000 VMs on 16 hosts in vcsim, of which {@link #NEED_NESTING} still need nesting turned on (the fleet
 * of a daily plan: most VMs done, a few new or drifted), on loopback and with 5 ms added per call: provision's plan (connect
 * once, then read the inventory and plan, as {@code provision plan} does after JVM start) against a naive
 * baseline that reads each VM with its own call, measured in the same run on the same simulator.
 * Only the round-trip bound is asserted; times are reported.
 */
class VspherePlanBenchmark {
    private static final int VMS = 1000;
    private static final int HOSTS = 16;
    /** VMs whose nesting is still off: only their device lists matter to the plan (passthrough rules it out). */
    private static final int NEED_NESTING = 50;
    /**
     * Plans run before measuring. On 2 cores the JIT keeps making provision's plan faster for 30 to 45 plans (the
     * streaming reader, yavijava's binding, TLS; see the warm-up times the report prints); with fewer, the measured
     * runs are still part of the warm-up and say more about the JIT than about the read.
     */
    private static final int WARMUP = 45;
    /**
     * Baseline runs before measuring: each makes 1,000 calls and parses 1,000 answers, so a few runs warm it as
     * much as dozens of plans warm provision (its times are flat after the first).
     */
    private static final int BASELINE_WARMUP = 5;
    private static final int MEASURED = 7;

    /** The first plan against each simulator (connect + read + plan), in ms; the first one in a cold JVM. */
    private final List<Long> cold = new ArrayList<>();

    /** provision's warm-up plans on loopback, in ms, to show that the measured runs come after the JIT settled. */
    private final List<Long> warmup = new ArrayList<>();

    private record Row(String what, long latencyMs, long roundTrips, List<Long> millis) {
        long median() {
            List<Long> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            return sorted.get(sorted.size() / 2);
        }
    }

    @Test
    void planThousandVms() throws Exception {
        String loadBefore = load();
        List<Row> rows = new ArrayList<>();
        for (long latency : new long[] {0, 5}) {
            try (VcsimServer vcsim = new VcsimServer().withVms(VMS).withHosts(HOSTS).withLatencyMillis(latency)
                    .withStartupTimeout(java.time.Duration.ofMinutes(3)).withScenario(fleet())) {
                vcsim.start();
                Path spec = writeSpec(vcsim);
                rows.add(provisionPlan(vcsim, spec, latency));
                rows.add(perVmBaseline(vcsim, spec, latency));
            }
        }
        String report = report(rows, loadBefore);
        System.out.println(report);
        Path out = Path.of("target/benchmarks/vsphere-plan.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    private static VcsimScenario fleet() {
        VcsimScenario fleet = VcsimScenario.create().allVms(vm -> vm.guestId("windows9_64Guest")
                .hardwareVersion("vmx-13").nestedHvEnabled(true).vhvEnable("TRUE"));
        for (int i = 0; i < NEED_NESTING; i++) {
            fleet.vm(VcsimServer.vmName(i * (VMS / NEED_NESTING)), vm -> vm.nestedHvEnabled(false).vhvEnable("FALSE"));
        }
        return fleet;
    }

    private Row provisionPlan(VcsimServer vcsim, Path specFile, long latency) throws Exception {
        AtomicReference<VsphereProvider> opened = new AtomicReference<>();
        ProviderRegistry registry = new ProviderRegistry().register(TargetKind.VSPHERE, target -> {
            opened.set(VsphereProvider.open(target, VcsimTargets.environment(vcsim)));
            return opened.get();
        });
        Spec spec = new SpecLoader().load(specFile);
        List<Long> millis = new ArrayList<>();
        long roundTrips = 0;
        int runs = WARMUP + MEASURED;
        try (Engine engine = new Engine(registry, EventSink.NONE)) {
            long coldStart = System.nanoTime();
            engine.plan(spec, specFile.toString()); // the first plan in this JVM: connect (2 round trips) + read + plan
            cold.add((System.nanoTime() - coldStart) / 1_000_000);
            for (int i = 0; i < runs; i++) {
                long before = opened.get().connection().roundTrips();
                long start = System.nanoTime();
                Plan plan = engine.plan(spec, specFile.toString());
                long took = (System.nanoTime() - start) / 1_000_000;
                roundTrips = opened.get().connection().roundTrips() - before;
                assertEquals(VMS, plan.changes().size());
                if (i >= WARMUP) {
                    millis.add(took);
                } else if (latency == 0) {
                    warmup.add(took);
                }
            }
        }
        assertTrue(roundTrips <= 5, "round trips to read and plan: " + roundTrips);
        return new Row("provision plan (ContainerView + RetrievePropertiesEx)", latency, roundTrips, millis);
    }

    private Row perVmBaseline(VcsimServer vcsim, Path specFile, long latency) throws Exception {
        TargetSpec target = new SpecLoader().load(specFile).targets().get(0);
        List<Long> millis = new ArrayList<>();
        long roundTrips = 0;
        int warmupRuns = latency == 0 ? BASELINE_WARMUP : 1; // at 5 ms a baseline run takes seconds
        int runs = warmupRuns + (latency == 0 ? MEASURED : 3);
        try (VsphereProvider provider = VsphereProvider.open(target, VcsimTargets.environment(vcsim))) {
            PerVmInventoryReader naive = new PerVmInventoryReader(provider.connection());
            for (int i = 0; i < runs; i++) {
                long before = provider.connection().roundTrips();
                long start = System.nanoTime();
                Inventory inventory = new Inventory(naive.readVms().stream().map(ObservedVms::of).toList(),
                        new VsphereFacts(Map.of(), Set.of()));
                List<Diagnostic> problems = new ArrayList<>();
                List<DesiredVm> desired = SelectorResolver.resolve(target, inventory, problems);
                TargetPlan plan = provider.rules().plan(target, inventory, desired);
                long took = (System.nanoTime() - start) / 1_000_000;
                roundTrips = provider.connection().roundTrips() - before;
                assertEquals(VMS, plan.changes().size());
                if (i >= warmupRuns) {
                    millis.add(took);
                }
            }
        }
        return new Row("baseline: one property read per VM", latency, roundTrips, millis);
    }

    private static Path writeSpec(VcsimServer vcsim) throws IOException {
        Path dir = Files.createTempDirectory("provision-benchmark-");
        Path spec = dir.resolve("fleet.yaml");
        Files.writeString(spec, """
                desired:
                  powerCycle: graceful
                targets:
                """ + VcsimTarget.yaml(vcsim, VcsimTargets.PASSWORD_VARIABLE, "*"));
        return spec;
    }

    private String report(List<Row> rows, String loadBefore) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("Fleet: ").append(VMS).append(" VMs on ").append(HOSTS).append(" hosts, ").append(NEED_NESTING)
                .append(" of them with nesting still off\n\n");
        out.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(cpuModel()).append(", 1-minute load average before/after: ").append(loadBefore).append(" / ")
                .append(load())
                .append(", Java ").append(System.getProperty("java.version")).append("\n\n");
        out.append("| what | added latency per call | round trips per plan | median ms | runs (ms) |\n");
        out.append("|---|---|---|---|---|\n");
        for (Row r : rows) {
            out.append("| ").append(r.what()).append(" | ").append(r.latencyMs()).append(" ms | ").append(r.roundTrips())
                    .append(" | ").append(r.median()).append(" | ").append(r.millis()).append(" |\n");
        }
        out.append("\nFirst plan against each simulator, +0 / +5 ms (connect + read + plan; the +0 one runs in a fresh JVM "
                + "before any JIT warm-up, like a real `provision plan`): ")
                .append(cold).append(" ms\n\n");
        out.append("provision's warm-up plans on loopback, in order (ms): ").append(warmup).append("\n\n");
        for (int i = 0; i + 1 < rows.size(); i += 2) {
            Row fast = rows.get(i);
            Row naive = rows.get(i + 1);
            out.append(String.format("At +%d ms per call: provision is %.1fx faster than the baseline (%d vs %d ms), "
                            + "with %d round trips instead of %d.%n", fast.latencyMs(),
                    (double) naive.median() / Math.max(1, fast.median()), fast.median(), naive.median(),
                    fast.roundTrips(), naive.roundTrips()));
        }
        return out.toString();
    }

    private static String load() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }

    private static String cpuModel() throws IOException {
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
    }
}
