package dev.provision.cli;

import dev.provision.engine.Engine;
import dev.provision.plan.Plan;
import dev.provision.plan.PlanJson;
import dev.provision.plan.PlanSummary;
import dev.provision.provider.ProviderException;
import dev.provision.spec.InvalidInputException;
import dev.provision.spec.Spec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the targets and shows what apply would change, and what it would restart. Changes nothing. */
@Command(name = "plan", description = {"Show what apply would change on each VM, and which changes restart, "
        + "deallocate or replace a machine. Changes nothing."})
final class PlanCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "SPEC", description = "The spec file.")
    Path specFile;

    @Option(names = "--out", paramLabel = "FILE", description = "Save the plan, to review and apply later "
            + "exactly as it is ('provision apply FILE'). Holds no secrets.")
    Path out;

    @Option(names = "--json", description = "Print the plan as JSON (formatVersion 1) instead of text.")
    boolean json;

    @Mixin
    ParallelismOption parallelism;

    @Option(names = "--detailed-exitcode", description = "Exit 0 only when every VM is as wanted: 7 when some VMs "
            + "are refused (cannot be brought to the wanted state), else 3 when changes are to apply or pending.")
    boolean detailedExitCode;

    @Mixin
    SelectionOptions select;

    @Override
    public Integer call() throws InvalidInputException, ProviderException, InterruptedException, IOException {
        parallelism.value(); // checked before anything is read
        Spec spec = loadSpec(specFile);
        ProgressView progress = progress();
        Plan plan;
        try (Engine engine = engine(specFile, progress)) {
            plan = engine.plan(spec, specFile.toString(), select.selection(), parallelism.value());
        } finally {
            progress.close();
        }
        if (out != null) {
            Files.writeString(out, PlanJson.save(plan, out), StandardCharsets.UTF_8);
            err().println("Saved the plan to " + out + "; apply it with: provision apply " + out);
            err().flush();
        }
        if (json) {
            out().print(PlanJson.write(plan));
            out().flush();
        } else {
            new PlanView(terminal()).render(plan, out());
        }
        return detailedExitCode ? detailedExitCode(PlanSummary.of(plan)) : ExitCode.OK;
    }

    /**
     * Whether the fleet is as wanted, for a pipeline. Refused wins over changes: no apply will fix it, a person
     * must. Pending (held back by {@code powerCycle: never}) counts as changes: the VM is not as wanted and an
     * apply under another policy, or once the VM is off, will change it; exiting 0 would hide that drift.
     */
    static int detailedExitCode(PlanSummary summary) {
        if (summary.refused() > 0) {
            return ExitCode.CANNOT_REACH_WANTED_STATE;
        }
        return summary.toApply() > 0 || summary.pending() > 0 ? ExitCode.CHANGES_PRESENT : ExitCode.OK;
    }
}
