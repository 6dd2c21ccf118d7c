package dev.provision.cli;

import dev.provision.engine.Engine;
import dev.provision.engine.ProviderRegistry;
import dev.provision.event.EventSink;
import dev.provision.model.Change;
import dev.provision.provider.ObservedVm;
import dev.provision.provider.Provider;
import dev.provision.provider.ProviderException;
import dev.provision.rehearsal.lab.LabProvider;
import dev.provision.spec.TargetKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code apply --parallelism N} reaches the executor: the lab's changes are counted while in flight, and each waits
 * (in the provider, before the lab does the work) until N are in flight together. With N above the default, an
 * executor that never received the option (and runs the default, or one at a time) cannot get there. No wall-clock
 * assertion: the bound on the wait only turns a change that never comes into a clear failure instead of a hung
 * build. (The other direction, never more than N, cannot be shown without waiting for a change that should not
 * come; ExecutorTest covers the executor's own bound.)
 */
class CliParallelismTest {
    private static final int VMS = Engine.DEFAULT_PARALLELISM + 1;
    /** A safety bound, not a measurement: under any load N changes of a loopback lab start well within it. */
    private static final long GATE_SECONDS = 30;

    @TempDir
    Path dir;

    @Test
    void applyRunsAsManyChangesAtOnceAsParallelismSays() throws Exception {
        Path spec = fleet();
        InFlight inFlight = new InFlight(VMS);

        CliRun r = CliRun.run(withGate(inFlight), "apply", "--auto-approve", "--no-verify",
                "--parallelism", String.valueOf(VMS), spec.toString());

        assertEquals(VMS, inFlight.most(), "changes in flight at once with --parallelism " + VMS + "\n" + r);
        assertEquals(VMS, inFlight.started(), "every VM's change reached the provider");
        assertEquals(ExitCode.OK, r.exit, r.toString());
    }

    /** A lab of {@link #VMS} running VMs without nesting: each needs a change. */
    private Path fleet() throws Exception {
        String vms = IntStream.range(0, VMS).mapToObj(i -> ("        - {name: par-%d, power: on, nestedVirtualization: "
                + "false, vcpus: 2, memoryGiB: 8, features: []}").formatted(i)).collect(Collectors.joining("\n"));
        return Files.writeString(dir.resolve("par.yaml"), """
                desired:
                  nestedVirtualization: true
                  powerCycle: graceful
                targets:
                  - name: lab
                    kind: lab
                    lab:
                      stateFile: state/lab.json
                      vms:
                %s
                    vms:
                      - pattern: "par-*"
                """.formatted(vms));
    }

    private static Context withGate(InFlight inFlight) {
        return CliRun.withProviders(specDir -> new ProviderRegistry().register(TargetKind.LAB,
                target -> new Gated(LabProvider.open(target, specDir), inFlight)));
    }

    /** Counts the changes in flight; each waits until {@code wanted} are in flight together (or all have started). */
    private static final class InFlight {
        private final int wanted;
        private int now;
        private int most;
        private int started;

        InFlight(int wanted) {
            this.wanted = wanted;
        }

        synchronized void enter() throws InterruptedException {
            now++;
            started++;
            most = Math.max(most, now);
            notifyAll();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GATE_SECONDS);
            while (now < wanted && started < VMS) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("only " + now + " changes in flight; waited for " + wanted);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        synchronized void leave() {
            now--;
        }

        synchronized int most() {
            return most;
        }

        synchronized int started() {
            return started;
        }
    }

    /** The lab, with every change passing through {@link InFlight}. */
    private static final class Gated extends ForwardingProvider {
        private final InFlight inFlight;

        Gated(Provider lab, InFlight inFlight) {
            super(lab);
            this.inFlight = inFlight;
        }

        @Override
        public ObservedVm apply(Change change, EventSink events) throws ProviderException, InterruptedException {
            inFlight.enter();
            try {
                return inside.apply(change, events);
            } finally {
                inFlight.leave();
            }
        }
    }
}
