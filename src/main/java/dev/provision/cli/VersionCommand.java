package dev.provision.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Map;

/** What a bug report needs: the version, the commit, and the Azure SDK and yavijava versions that run. */
@Command(name = "version", description = {"Print the version, the git commit it was built from, and the versions "
        + "of the Azure SDK (azure-resourcemanager-compute, azure-core) and yavijava it carries.",
        "--json prints {version, commit, dependencies, java}. 'provision --version' prints the first line only."})
final class VersionCommand extends BaseCommand {
    @Mixin
    OutputFormatOption format;

    @Override
    public Integer call() {
        Map<String, String> dependencies = Version.dependencies();
        String java = System.getProperty("java.version");
        if (format.json()) {
            ObjectNode root = JsonOutput.object();
            root.put("version", Version.number());
            root.put("commit", Version.commit());
            ObjectNode deps = root.putObject("dependencies");
            dependencies.forEach(deps::put);
            root.put("java", java);
            out().print(JsonOutput.write(root));
        } else {
            out().println("provision " + Version.number());
            out().println("commit " + Version.commit());
            dependencies.forEach((name, version) -> out().println(name + " " + version));
            out().println("java " + java);
        }
        out().flush();
        return ExitCode.OK;
    }
}
