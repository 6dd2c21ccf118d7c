package dev.provision.cli;

import dev.provision.apply.ApplyReport;
import dev.provision.engine.Engine;
import dev.provision.guest.VmVerification;
import dev.provision.model.ChangeOutcome;
import dev.provision.plan.Plan;
import dev.provision.plan.PlanFile;
import dev.provision.plan.Selection;
import dev.provision.provider.LeaseKeeper;
import dev.provision.provider.ProviderException;
import dev.provision.spec.InvalidInputException;
import dev.provision.spec.SourceLocation;
import dev.provision.spec.Spec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Carries out a plan: made now from a spec (shown, then approved), or saved earlier with {@code plan --out}
 * (applied exactly as reviewed, refused when stale). Then verifies the guests that have checks.
 */
@Command(name = "apply", description = {"Make the VMs as the spec says, then verify their guests.",
        "Given a SPEC, shows the plan and asks for approval (or --auto-approve).",
        "Given a PLANFILE from 'plan --out', applies exactly that plan (and its --target/--vm selection) without "
                + "asking, and refuses it when the spec or the selected VMs changed since (exit 5).",
        "Progress goes to stderr: on a terminal one live line, never wider than the terminal (COLUMNS, else its own "
                + "size), with the changes in flight and the elapsed time of long steps; in a pipeline (CI set), "
                + "timestamped lines."})
final class ApplyCommand extends BaseCommand {
    /** How long Ctrl-C waits for changes under way to finish, so no VM is left half-done. */
    private static final long DRAIN_MINUTES = 15;

    @Parameters(index = "0", paramLabel = "SPEC|PLANFILE", description = "A spec, or a plan saved by 'plan --out'.")
    Path input;

    @Option(names = "--auto-approve", description = "Apply without asking (for pipelines).")
    boolean autoApprove;

    @Mixin
    ParallelismOption parallelism;

    @Option(names = "--no-verify", description = "Skip the guest verification after the changes.")
    boolean noVerify;

    @Mixin
    ReportOptions reports;

    @Mixin
    SelectionOptions select;

    @Override
    public Integer call() throws InvalidInputException, ProviderException, InterruptedException, IOException {
        parallelism.value(); // checked before anything is read or asked
        if (noVerify && reports.any()) {
            throw new InvalidInputException(new SourceLocation("command line", 0, 0),
                    "--report needs the verification that --no-verify skips");
        }
        boolean savedPlan = isPlanFile(input);
        if (savedPlan && select.any()) {
            throw new InvalidInputException(new SourceLocation("command line", 0, 0), "a saved plan applies the "
                    + "selection it was made with; remove --target/--vm, or make a new plan with them");
        }
        PlanFile planFile = savedPlan ? PlanFile.read(input) : null;
        Path specFile = savedPlan ? planFile.spec() : input;
        Plan saved = savedPlan ? planFile.withSpec(specFile) : null;
        Selection selection = savedPlan ? saved.selection() : select.selection();
        Spec spec = loadSpec(specFile);
        ProgressView progress = progress();
        try (Engine engine = engine(specFile, progress)) {
            Plan plan;
            if (savedPlan) {
                List<String> moved = engine.staleness(saved, spec);
                if (!moved.isEmpty()) {
                    progress.close();
                    err().println("error: the saved plan " + input + " is stale; nothing was changed:");
                    moved.forEach(line -> err().println("  " + line));
                    err().println("Make a new plan with: provision plan " + specFile + " --out " + input
                            + (selection.isAll() ? "" : " " + selection.describe()));
                    err().flush();
                    return ExitCode.STALE_PLAN;
                }
                plan = saved;
                // Reviewed already, but the risks (an insecure connection above all) are said again on every apply.
                new PlanView(terminal()).renderWarnings(plan, out());
            } else {
                plan = engine.plan(spec, specFile.toString(), selection, parallelism.value());
                progress.close();
                new PlanView(terminal()).render(plan, out());
                if (plan.hasActionableChanges() && !approved()) {
                    err().println("Apply cancelled; nothing was changed.");
                    err().flush();
                    return ExitCode.FAILURE;
                }
            }
            Applied applied = run(engine, plan, spec, progress);
            ApplyReport report = applied.report();
            new ApplyView(terminal()).render(report, out());
            if (applied.cancelled()) {
                return cancelled(applied, specFile, plan);
            }
            int verified = noVerify ? ExitCode.OK : verify(engine, report, spec, plan.selection(), progress);
            return report.anyFailure() ? ExitCode.APPLY_PARTLY_FAILED : verified;
        } finally {
            progress.close();
        }
    }

    private boolean approved() throws InvalidInputException {
        if (autoApprove) {
            return true;
        }
        Context.Approver approver = root.context.approver();
        if (approver == null) {
            throw new InvalidInputException(new SourceLocation("command line", 0, 0), "apply needs approval and "
                    + "there is no terminal to ask: review the plan, then pass --auto-approve, or apply a saved plan");
        }
        out().flush();
        return approver.approve("Apply these changes? Only 'yes' is accepted: ");
    }

    /** What the apply did, and whether SIGINT or SIGTERM cut it short (and whether it stopped waiting). */
    private record Applied(ApplyReport report, boolean cancelled, boolean stoppedWaiting) {}

    /**
     * Runs the plan. Ctrl-C stops new changes and lets the ones under way finish; a second Ctrl-C, or SIGTERM after
     * {@link Cancellation#TERM_GRACE}, stops waiting and reports the outcomes as they stand (see {@link
     * Cancellation}). The changes run on their own thread so that this one can stop waiting for them.
     */
    private Applied run(Engine engine, Plan plan, Spec spec, ProgressView progress)
            throws InvalidInputException, ProviderException, InterruptedException {
        progress.expect((int) plan.changes().stream().filter(c -> c.isActionable()).count());
        CountDownLatch finished = new CountDownLatch(1);
        // For the signals not caught below (SIGHUP, or a JVM that keeps SIGINT): let the changes under way finish.
        Thread drain = new Thread(() -> {
            engine.stop();
            try {
                finished.await(DRAIN_MINUTES, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "provision-drain");
        Runtime.getRuntime().addShutdownHook(drain);
        CompletableFuture<ApplyReport> applying = new CompletableFuture<>();
        Thread walker = new Thread(() -> {
            try {
                applying.complete(engine.apply(plan, spec, parallelism.value()));
            } catch (Exception | Error e) {
                applying.completeExceptionally(e);
            }
        }, "provision-apply-walk");
        walker.setDaemon(true); // a run that stops waiting exits with this thread still in a step
        try (Cancellation cancel = Cancellation.install(engine::stop, this::say)) {
            walker.start();
            try {
                CompletableFuture.anyOf(applying, cancel.stopWaiting()).get();
            } catch (ExecutionException failed) {
                // Read from 'applying' below, with its own exception.
            }
            if (!applying.isDone()) {
                // The changes under way stop with this process: their restore markers stay, their leases must not.
                LeaseKeeper.releaseAllHeld();
                return new Applied(engine.applySoFar(), true, true);
            }
            return new Applied(result(applying), cancel.cancelled(), false);
        } finally {
            finished.countDown();
            removeHook(drain);
            progress.close();
        }
    }

    private static ApplyReport result(CompletableFuture<ApplyReport> applying)
            throws InvalidInputException, ProviderException, InterruptedException {
        try {
            return applying.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvalidInputException x) {
                throw x;
            }
            if (cause instanceof ProviderException x) {
                throw x;
            }
            if (cause instanceof InterruptedException x) {
                throw x;
            }
            if (cause instanceof RuntimeException x) {
                throw x;
            }
            if (cause instanceof Error x) {
                throw x;
            }
            throw new IllegalStateException(cause);
        }
    }

    /**
     * After SIGINT or SIGTERM: the summary is printed already; say what was skipped and what may still be under
     * way, write the reports (every VM "not verified: interrupted"), exit 130.
     */
    private int cancelled(Applied applied, Path specFile, Plan plan) throws IOException {
        long underWay = applied.report().count(ChangeOutcome.Status.INTERRUPTED);
        if (underWay > 0) {
            say("Stopped waiting: " + Plural.of((int) underWay, "VM") + " may be mid-change (INTERRUPTED in the "
                    + "summary, with the last step each reported). Lab and vSphere VMs keep their restore marker, and "
                    + "the next 'provision apply " + specFile + "' finishes them; an Azure VM may be left deallocated.");
        }
        say("Verification skipped: the apply was interrupted. Run 'provision verify " + specFile
                + "' once the VMs are settled.");
        if (reports.any()) {
            writeReports(reports, Engine.skippedAfterInterrupt(plan));
        }
        return ExitCode.INTERRUPTED;
    }

    private void say(String line) {
        err().println(line);
        err().flush();
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already exiting: the hook is running and sees the latch released.
        }
    }

    /** Verifies what the apply left; VMs it refused or could not create get one line instead of a probe. */
    private int verify(Engine engine, ApplyReport report, Spec spec, Selection selection, ProgressView progress)
            throws InvalidInputException, ProviderException, InterruptedException, IOException {
        List<VmVerification> results = engine.verifyAfter(report, spec, engine.read(spec, selection),
                parallelism.value(), selection);
        progress.close();
        writeReports(reports, results);
        if (results.isEmpty()) {
            return ExitCode.OK;
        }
        new VerifyView(terminal()).render(results, out());
        CiAnnotations.printVerifications(root.context.env(), results, out());
        return VerifyView.exitCode(results);
    }

    /** A saved plan is a JSON document with a formatVersion; anything else is taken for a spec. */
    static boolean isPlanFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        byte[] start;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            start = in.readNBytes(256);
        }
        String head = new String(start, StandardCharsets.UTF_8).stripLeading();
        return head.startsWith("{") && head.contains("\"formatVersion\"");
    }
}
