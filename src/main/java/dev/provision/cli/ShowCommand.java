package dev.provision.cli;

import dev.provision.plan.Plan;
import dev.provision.plan.PlanFile;
import dev.provision.plan.PlanJson;
import dev.provision.spec.InvalidInputException;
import dev.provision.spec.SourceLocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;

/** Prints a saved plan for review, exactly as 'plan' printed it. Reads no cloud and no spec. */
@Command(name = "show", description = {"Print a plan saved by 'plan --out' as 'plan' prints it, to review it "
        + "before 'apply PLANFILE'. Contacts nothing and changes nothing."})
final class ShowCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "PLANFILE", description = "A plan saved by 'plan --out'.")
    Path planFile;

    @Option(names = "--json", description = "Print the saved plan's JSON (formatVersion 1), normalized: the spec's "
            + "paths as found from here.")
    boolean json;

    @Override
    public Integer call() throws InvalidInputException {
        if (!Files.isRegularFile(planFile)) {
            throw new InvalidInputException(new SourceLocation(planFile.toString(), 0, 0),
                    "no such file");
        }
        PlanFile saved = PlanFile.read(planFile);
        if (json) {
            Plan plan = saved.plan();
            // The spec need not be here to review a plan; when it is, its paths are given as found from here.
            Path spec = saved.specCandidates().stream().filter(Files::isRegularFile).findFirst()
                    .orElse(null);
            out().print(PlanJson.save(spec == null ? plan : saved.withSpec(spec), planFile));
            out().flush();
        } else {
            new PlanView(terminal()).render(saved.plan(), out());
        }
        return ExitCode.OK;
    }
}
