package dev.provision.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The nightly drift jobs of both pipeline samples, run for real: their shell steps are executed by bash with a
 * stand-in {@code provision} first on PATH that exits with each code {@code plan --detailed-exitcode} can give. Drift (3) and
 * refused VMs (7) must fail the job, but only after the guest check has run.
 */
class PipelineDriftTest {
    private static final Path DIR = Path.of("samples/pipelines");

    @TempDir
    Path work;

    /** A drift job's steps as scripts, in order, and which of them plans, verifies and gives the verdict. */
    private record DriftJob(List<String> scripts, int plan, int verify, int verdict) {
        static DriftJob of(List<String> scripts) {
            int plan = -1;
            int verify = -1;
            int verdict = -1;
            for (int i = 0; i < scripts.size(); i++) {
                String s = scripts.get(i);
                if (s.contains("provision plan")) {
                    plan = i;
                } else if (s.contains("provision verify")) {
                    verify = i;
                } else if (s.contains("PLAN_EXIT") || s.contains("$(planExit)")) {
                    verdict = i;
                }
            }
            return new DriftJob(scripts, plan, verify, verdict);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(String file) throws IOException {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(DIR.resolve(file)));
    }

    @SuppressWarnings("unchecked")
    private static DriftJob github() throws IOException {
        Map<String, Object> jobs = (Map<String, Object>) load("github-actions.yml").get("jobs");
        List<String> scripts = new ArrayList<>();
        for (Object step : (List<Object>) ((Map<String, Object>) jobs.get("drift")).get("steps")) {
            scripts.add(String.valueOf(((Map<String, Object>) step).getOrDefault("run", "")));
        }
        return DriftJob.of(scripts);
    }

    @SuppressWarnings("unchecked")
    private static DriftJob azureDevops() throws IOException {
        for (Object stage : (List<Object>) load("azure-pipelines.yml").get("stages")) {
            Map<String, Object> s = (Map<String, Object>) stage;
            if ("Drift".equals(s.get("stage"))) {
                Map<String, Object> job = (Map<String, Object>) ((List<Object>) s.get("jobs")).get(0);
                List<String> scripts = new ArrayList<>();
                for (Object step : (List<Object>) job.get("steps")) {
                    Map<String, Object> st = (Map<String, Object>) step;
                    Object inputs = st.get("inputs");
                    Object inline = inputs instanceof Map<?, ?> m ? m.get("inlineScript") : null;
                    scripts.add(String.valueOf(inline != null ? inline : st.getOrDefault("script", "")));
                }
                return DriftJob.of(scripts);
            }
        }
        throw new AssertionError("azure-pipelines.yml has no Drift stage");
    }

    /** Runs a step's script in bash with a stand-in provision first on PATH, exiting {@code planExit} for plan. */
    private Run bash(String script, int planExit, Map<String, String> env) throws Exception {
        Path provision = work.resolve("provision");
        Files.writeString(provision, "#!/bin/sh\necho \"provision $*\"\n[ \"$1\" = plan ] && exit " + planExit
                + "\nexit 0\n");
        provision.toFile().setExecutable(true);
        ProcessBuilder pb = new ProcessBuilder("bash", "-e", "-c", script).directory(work.toFile())
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        // The samples call the installed provision from PATH, as the install step leaves it.
        pb.environment().put("PATH", work + java.io.File.pathSeparator + System.getenv("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    private record Run(int exit, String out) {}

    /** Azure DevOps macros $(name) are expanded before bash sees the script. */
    private static String expandMacros(String script, Map<String, String> values) {
        Matcher m = Pattern.compile("\\$\\(([A-Za-z.]+)\\)").matcher(script);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), "x")));
        }
        return m.appendTail(out).toString();
    }

    @Test
    void githubDriftFailsOnDriftAndRefusedVmsAfterTheGuestCheck() throws Exception {
        DriftJob job = github();
        assertTrue(job.plan >= 0 && job.plan < job.verify && job.verify < job.verdict, "plan, verify, verdict: " + job);
        for (int planExit : new int[] {0, 3, 7}) {
            Path output = work.resolve("github-output");
            Files.writeString(output, "");
            Map<String, String> env = Map.of("SPEC", "spec.yaml", "GITHUB_OUTPUT", output.toString(),
                    "GITHUB_STEP_SUMMARY", work.resolve("summary.md").toString());
            Run plan = bash(job.scripts.get(job.plan), planExit, env);
            assertEquals(0, plan.exit, "exit " + planExit + " must not stop the job before the guest check:\n" + plan);
            String recorded = Files.readString(output).trim();
            assertEquals("exit=" + planExit, recorded);
            Run verdict = bash(job.scripts.get(job.verdict), planExit, Map.of("PLAN_EXIT", String.valueOf(planExit)));
            assertEquals(planExit == 0 ? 0 : 1, verdict.exit, "plan exit " + planExit + ":\n" + verdict);
        }
        assertNotEquals(0, bash(job.scripts.get(job.plan), 1, Map.of("SPEC", "s", "GITHUB_OUTPUT",
                work.resolve("o").toString(), "GITHUB_STEP_SUMMARY", work.resolve("s.md").toString())).exit,
                "a plan that could not run fails at once");
    }

    @Test
    void azureDevopsDriftFailsOnDriftAndRefusedVmsAfterTheGuestCheck() throws Exception {
        DriftJob job = azureDevops();
        assertTrue(job.plan >= 0 && job.plan < job.verify && job.verify < job.verdict, "plan, verify, verdict: " + job);
        Map<String, String> macros = Map.of("spec", "spec.yaml", "System.DefaultWorkingDirectory", work.toString());
        for (int planExit : new int[] {0, 3, 7}) {
            Run plan = bash(expandMacros(job.scripts.get(job.plan), macros), planExit, Map.of());
            assertEquals(0, plan.exit, "exit " + planExit + " must not stop the job before the guest check:\n" + plan);
            assertTrue(plan.out.contains("##vso[task.setvariable variable=planExit]" + planExit), plan.out);
            Run verdict = bash(expandMacros(job.scripts.get(job.verdict), Map.of("planExit",
                    String.valueOf(planExit))), planExit, Map.of());
            assertEquals(planExit == 0 ? 0 : 1, verdict.exit, "plan exit " + planExit + ":\n" + verdict);
        }
        assertNotEquals(0, bash(expandMacros(job.scripts.get(job.plan), macros), 1, Map.of()).exit,
                "a plan that could not run fails at once");
    }
}
