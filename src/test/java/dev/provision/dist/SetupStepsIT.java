package dev.provision.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The GitHub Action (action.yml) and the Azure DevOps template (devops/install-provision.yml) as their runners
 * run them: each step's script taken out of the YAML, its ${{ inputs.X }} / ${{ parameters.X }} replaced as the
 * runner would, and run with bash and the variables a runner sets, outside the checkout, against the archive
 * `mvn package` built. Then `provision` is run by name from the PATH entry the step handed to the runner.
 */
class SetupStepsIT {
    private static final Path CHECKOUT = Installed.BUILD.getParent();
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{\\s*(inputs|parameters)\\.(\\w+)\\s*}}");

    @TempDir
    Path tmp;

    private record Ran(Installed.Result result, String pathEntry, String outputs) {}

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(String file) throws IOException {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(CHECKOUT.resolve(file)));
    }

    /** Replaces the runner's expressions in a step's env; any other expression would go unnoticed, so it fails. */
    private static Map<String, String> env(Map<String, Object> stepEnv, Map<String, String> values) {
        Map<String, String> env = new HashMap<>();
        stepEnv.forEach((name, value) -> {
            Matcher m = EXPRESSION.matcher(String.valueOf(value));
            assertTrue(m.matches(), "an expression this test does not evaluate: " + value);
            env.put(name, values.getOrDefault(m.group(2), ""));
        });
        return env;
    }

    @SuppressWarnings("unchecked")
    private Ran github(Map<String, String> inputs) throws Exception {
        Map<String, Object> action = load("action.yml");
        List<Map<String, Object>> steps = (List<Map<String, Object>>) ((Map<String, Object>) action.get("runs"))
                .get("steps");
        assertEquals(1, steps.size(), "one shell step; this test runs every step, in order, with no `if:`");
        Map<String, Object> step = steps.get(0);
        assertEquals("bash", step.get("shell"));
        Path path = Files.createFile(tmp.resolve("github_path"));
        Path output = Files.createFile(tmp.resolve("github_output"));
        Map<String, String> env = env((Map<String, Object>) step.get("env"), inputs);
        env.put("RUNNER_TEMP", Files.createDirectories(tmp.resolve("runner/temp")).toString());
        env.put("RUNNER_TOOL_CACHE", Files.createDirectories(tmp.resolve("runner/tool-cache")).toString());
        env.put("GITHUB_PATH", path.toString());
        env.put("GITHUB_OUTPUT", output.toString());
        // Not the checkout: the step must not depend on files beside it when given an archive.
        env.put("GITHUB_ACTION_PATH", Files.createDirectories(tmp.resolve("runner/actions/provision")).toString());
        Installed.Result r = bash((String) step.get("run"), env);
        return new Ran(r, Files.readString(path).strip(), Files.readString(output));
    }

    @SuppressWarnings("unchecked")
    private Ran devops(Map<String, String> parameters) throws Exception {
        List<Map<String, Object>> steps = (List<Map<String, Object>>) load("devops/install-provision.yml")
                .get("steps");
        assertEquals(1, steps.size(), "one bash step");
        Map<String, Object> step = steps.get(0);
        Map<String, String> env = env((Map<String, Object>) step.get("env"), parameters);
        env.put("AGENT_TEMPDIRECTORY", Files.createDirectories(tmp.resolve("agent/temp")).toString());
        env.put("AGENT_TOOLSDIRECTORY", Files.createDirectories(tmp.resolve("agent/tools")).toString());
        env.put("TF_BUILD", "True");
        Installed.Result r = bash((String) step.get("bash"), env);
        String prepend = r.out().lines().filter(l -> l.startsWith("##vso[task.prependpath]"))
                .map(l -> l.substring("##vso[task.prependpath]".length())).findFirst().orElse("");
        return new Ran(r, prepend, "");
    }

    /** As GitHub runs `shell: bash` (bash --noprofile --norc -eo pipefail FILE), in a workspace of its own. */
    private Installed.Result bash(String script, Map<String, String> env) throws Exception {
        assertFalse(script.contains("${{"), "expressions belong in env:, not in the script");
        Path file = tmp.resolve("step.sh");
        Files.writeString(file, script);
        env.put("HOME", tmp.toString());
        env.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        env.put("PROVISION_JAVA_OPTS", null);
        env.put("PROVISION_CACHE_DIR", null);
        env.put("PROVISION_JAR", null);
        Path workspace = Files.createDirectories(tmp.resolve("workspace"));
        return Installed.run(List.of("bash", "--noprofile", "--norc", "-eo", "pipefail", file.toString()),
                workspace, env);
    }

    private void assertProvisionRunsFrom(String pathEntry) throws Exception {
        assertFalse(pathEntry.isEmpty(), "a PATH entry for the runner");
        Installed.Result version = Installed.provision(pathEntry + ":" + System.getenv("PATH"),
                Files.createDirectories(tmp.resolve("elsewhere")), Map.of("HOME", tmp.toString()), "--version");
        assertEquals("provision " + Installed.VERSION, version.out().strip(), version.toString());
    }

    @Test
    void theActionInstallsAnArchiveFromAUrlAfterCheckingItsPublishedChecksum() throws Exception {
        Ran ran = github(Map.of("archive", Installed.archive("tar.gz").toUri().toString()));
        assertEquals(0, ran.result().exit(), ran.result().toString());
        assertProvisionRunsFrom(ran.pathEntry());
        assertTrue(ran.outputs().contains("version=" + Installed.VERSION + "\n"), ran.outputs());
        assertTrue(ran.outputs().contains("archive=" + tmp.resolve("runner/temp/provision-setup/provision-"
                + Installed.VERSION + ".tar.gz")), "the verified archive, for later jobs: " + ran.outputs());
    }

    @Test
    void theActionRefusesAnArchiveWhoseChecksumDiffers() throws Exception {
        Ran ran = github(Map.of("archive", Installed.archive("tar.gz").toString(), "sha256", "0".repeat(64)));
        assertEquals(1, ran.result().exit(), ran.result().toString());
        assertTrue(ran.result().out().contains("::error title=provision setup::SHA-256 of provision-"),
                ran.result().toString());
        assertEquals("", ran.pathEntry(), "nothing put on PATH");
    }

    @Test
    void theActionRefusesAnArchiveWithoutAnyChecksum() throws Exception {
        Path alone = Files.copy(Installed.archive("tar.gz"), Files.createDirectories(tmp.resolve("alone"))
                .resolve("provision-" + Installed.VERSION + ".tar.gz"));
        Ran ran = github(Map.of("archive", alone.toString()));
        assertEquals(1, ran.result().exit(), ran.result().toString());
        assertTrue(ran.result().out().contains("no SHA-256 for"), ran.result().toString());
        assertEquals("", ran.pathEntry());
    }

    @Test
    void theAzureDevopsTemplateInstallsALocalArchiveAndPrependsItsBinToPath() throws Exception {
        Ran ran = devops(Map.of("archive", Installed.archive("tar.gz").toString()));
        assertEquals(0, ran.result().exit(), ran.result().toString());
        assertProvisionRunsFrom(ran.pathEntry());
    }

    @Test
    void theAzureDevopsTemplateRefusesAnArchiveWhoseChecksumDiffers() throws Exception {
        Ran ran = devops(Map.of("archive", Installed.archive("tar.gz").toUri().toString(), "sha256", "0".repeat(64)));
        assertEquals(1, ran.result().exit(), ran.result().toString());
        assertTrue(ran.result().out().contains("##vso[task.logissue type=error]provision setup: SHA-256"),
                ran.result().toString());
        assertEquals("", ran.pathEntry());
    }
}
