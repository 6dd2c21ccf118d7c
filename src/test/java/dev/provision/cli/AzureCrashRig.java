package dev.provision.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.armlab.ArmEmulator;
import dev.provision.armlab.HeldRequest;
import dev.provision.armlab.RequestMatcher;
import dev.provision.boot.Providers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Crash and resume against the ARM emulator (issue 15, section 3): an emulator in the test JVM, a spec pointing at it
 * (written as a user would, {@link EmulatorTarget}), {@code provision apply} as a real child process that is killed
 * with SIGKILL while the emulator holds a chosen request, then the next {@code plan} and {@code apply} run in-process
 * against the same emulator, which is the "cloud" that outlived the crash.
 * <p>Usage: {@code rig.applyKilledAt(RequestMatcher.operation("VirtualMachines_CreateOrUpdate"), HeldRequest::drop)},
 * then {@code rig.plan()}, {@code rig.apply()} and assertions on {@code rig.arm}. {@link #close()} kills any child
 * still running and stops the emulator.
 */
final class AzureCrashRig implements AutoCloseable {
    final ArmEmulator arm;
    final Path dir;
    final Path spec;
    final Map<String, String> env;
    private final List<ProvisionProcess> children = new ArrayList<>();

    /**
     * @param desired the spec's lines from {@code desired:} on (without {@code targets:}), e.g.
     *                {@code "desired:\n  guest:\n    checks: []\n"}
     */
    AzureCrashRig(ArmEmulator arm, Path dir, String resourceGroup, List<String> vms, String desired)
            throws IOException {
        this.arm = arm;
        this.dir = dir;
        this.spec = dir.resolve("azure.yaml");
        this.env = Map.of("AZURE_ACCESS_TOKEN", "crash-token", "VM_ADMIN_PASSWORD", "Crash-Pw-1!", "CI", "true",
                "PROVISION_CACHE_DIR", dir.resolve("cache").toString());
        Files.writeString(spec, "extends: docker-desktop\n" + desired + "targets:\n"
                + EmulatorTarget.yaml(arm, resourceGroup, dir, vms));
    }

    /** {@code provision apply SPEC --auto-approve args...} as a child process (killed by {@link #close()}). */
    ProvisionProcess startApply(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("apply", spec.toString(), "--auto-approve"));
        command.addAll(List.of(args));
        ProvisionProcess child = ProvisionProcess.start(dir, env, command.toArray(String[]::new));
        children.add(child);
        return child;
    }

    /**
     * Starts an apply in a child process, waits until the emulator holds the first request {@code at} matches, kills
     * the child there with SIGKILL, and only then hands the held request to {@code afterKill}:
     * {@link HeldRequest#release()} (ARM got it, the answer was lost with the process) or {@link HeldRequest#drop()}
     * (it never reached ARM). Returns the dead child, for its output.
     */
    ProvisionProcess applyKilledAt(RequestMatcher at, Consumer<HeldRequest> afterKill) throws Exception {
        HeldRequest hold = arm.faults().hold(at);
        ProvisionProcess child = startApply();
        killWhenHeld(child, hold, afterKill);
        return child;
    }

    /**
     * As {@link #applyKilledAt(RequestMatcher, Consumer)}, at a request that follows another one: {@code first} is
     * held until it arrives, then the hold on {@code then} is set and {@code first} let through, so that {@code then}
     * catches the first match after {@code first} (e.g. a poll of the VM create's operation, not of the NIC's).
     */
    ProvisionProcess applyKilledAt(RequestMatcher first, RequestMatcher then, Consumer<HeldRequest> afterKill)
            throws Exception {
        HeldRequest before = arm.faults().hold(first);
        ProvisionProcess child = startApply();
        boolean arrived = before.awaitArrived(ProvisionProcess.PATIENCE);
        HeldRequest at = arm.faults().hold(then);
        before.release();
        if (!arrived) {
            child.kill9();
            throw new AssertionError("the child never sent the request to hold (" + before + "); " + child);
        }
        killWhenHeld(child, at, afterKill);
        return child;
    }

    /** Waits (bounded) until {@code hold} has its request, then SIGKILL, then {@code afterKill}. */
    static void killWhenHeld(ProvisionProcess child, HeldRequest hold, Consumer<HeldRequest> afterKill)
            throws InterruptedException {
        boolean arrived = hold.awaitArrived(ProvisionProcess.PATIENCE);
        child.kill9();
        try {
            assertTrue(arrived, "the child never sent the request to hold (" + hold + "); " + child);
        } finally {
            afterKill.accept(hold);
        }
    }

    /** {@code provision plan SPEC} in-process. */
    CliRun plan() {
        return CliRun.run(context(), "plan", spec.toString());
    }

    /** {@code provision apply SPEC --auto-approve} in-process. */
    CliRun apply() {
        return CliRun.run(context(), "apply", spec.toString(), "--auto-approve");
    }

    private Context context() {
        return new Context(env, null, specDir -> Providers.standard(specDir, env));
    }

    @Override
    public void close() {
        children.forEach(child -> {
            if (child.isAlive()) {
                try {
                    child.kill9();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        arm.close();
    }
}
