package dev.provision.cli;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The pipeline samples are YAML their CI systems can read, and every {@code provision} command line in them
 * parses against the CLI's real options (so a renamed option breaks this test, not a user's pipeline).
 */
class PipelineSamplesTest {
    private static final Path DIR = Path.of("samples/pipelines");
    /** Pipeline expressions stand for a value: $(var), ${{ expr }}, $VAR, "$VAR". */
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{[^}]*}}|\\$\\([^)]*\\)|\\$\\{?[A-Za-z_]+}?");

    static List<Path> pipelines() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
        }
    }

    @Test
    void thereIsAGithubAndAnAzureDevopsPipeline() throws IOException {
        assertEquals(List.of(DIR.resolve("azure-pipelines.yml"), DIR.resolve("github-actions.yml")), pipelines());
    }

    @Test
    void everyProvisionCommandLineParsesAgainstTheRealCli() throws IOException {
        int checked = 0;
        for (Path file : pipelines()) {
            List<String> commands = new ArrayList<>();
            collect(load(file), commands);
            assertTrue(commands.size() >= 3, file + " runs provision at least for plan, apply and verify");
            for (String command : commands) {
                String[] args = arguments(command);
                CommandLine cli = ProvisionCommand.commandLine(CliRun.pipeline());
                try {
                    CommandLine.ParseResult parsed = cli.parseArgs(args);
                    assertTrue(parsed.hasSubcommand(), file + ": no verb in: " + command);
                } catch (CommandLine.ParameterException e) {
                    fail(file + ": '" + command + "' does not parse: " + e.getMessage());
                }
                checked++;
            }
        }
        assertTrue(checked >= 8, "checked " + checked);
    }

    @Test
    void everySampleSpecValidatesThroughTheCli() throws IOException {
        List<String> specs;
        try (Stream<Path> files = Files.list(Path.of("samples"))) {
            specs = files.filter(f -> f.toString().endsWith(".yaml")).map(Path::toString).sorted().toList();
        }
        assertTrue(specs.size() >= 4, "a spec per cloud, a mixed fleet and the lab: " + specs);
        List<String> args = new ArrayList<>(List.of("validate"));
        args.addAll(specs);
        CliRun r = CliRun.run(CliRun.pipeline(), args.toArray(String[]::new));
        assertEquals(ExitCode.OK, r.exit, r.toString());
        assertEquals(specs.size(), r.out.lines().filter(l -> l.contains(": valid (")).count(), r.out);
    }

    @Test
    void azureSignInIsWorkloadIdentityNotAStoredSecret() throws IOException {
        String github = Files.readString(DIR.resolve("github-actions.yml"));
        assertTrue(github.contains("id-token: write") && github.contains("azure/login"), "OIDC in GitHub");
        assertTrue(!github.contains("client-secret") && !github.contains("AZURE_CREDENTIALS"));
        String devops = Files.readString(DIR.resolve("azure-pipelines.yml"));
        assertTrue(devops.contains("AzureCLI@2") && devops.contains("workload identity federation"));
        assertTrue(!devops.contains("servicePrincipalKey"));
    }

    private static Object load(Path file) throws IOException {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        return yaml.load(Files.readString(file));
    }

    /** Every line of every string in the document that runs provision. */
    /** provision where a shell runs a command: at the start of a line or after $( && || ; then do. */
    private static final Pattern PROVISION_CALL =
            Pattern.compile("(?:^\\s*|(?:\\$\\(|&&|\\|\\||;|\\bthen|\\bdo)\\s*)(provision) ");

    private static void collect(Object node, List<String> out) {
        if (node instanceof Map<?, ?> map) {
            map.values().forEach(v -> collect(v, out));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> collect(v, out));
        } else if (node instanceof String text) {
            for (String line : text.split("\n")) {
                Matcher call = PROVISION_CALL.matcher(line);
                int at = call.find() ? call.start(1) : -1;
                if (at >= 0) {
                    out.add(line.substring(at + "provision ".length()));
                }
            }
        }
    }

    /** Splits a shell command line into arguments, stopping at a redirection or a shell operator. */
    static String[] arguments(String command) {
        List<String> args = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean inArg = false;
        for (char c : command.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                inArg = true;
            } else if (!quoted && (c == '>' || c == '|' || c == ';' || c == '&')) {
                break;
            } else if (!quoted && Character.isWhitespace(c)) {
                if (inArg) {
                    args.add(current.toString());
                    current.setLength(0);
                    inArg = false;
                }
            } else {
                current.append(c);
                inArg = true;
            }
        }
        if (inArg) {
            args.add(current.toString());
        }
        return args.stream().map(a -> {
            Matcher m = EXPRESSION.matcher(a);
            return m.replaceAll("value");
        }).toArray(String[]::new);
    }
}
