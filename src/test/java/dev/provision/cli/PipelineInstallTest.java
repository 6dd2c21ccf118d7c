package dev.provision.cli;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pipeline samples work copied into an infrastructure repository: provision comes from its action
 * (action.yml) or Azure DevOps template (devops/install-provision.yml), fetched once per run, never built from a
 * checkout of provision; pull requests plan with a read-only identity; applies never run two at once.
 */
@SuppressWarnings("unchecked")
class PipelineInstallTest {
    private static final Path DIR = Path.of("samples/pipelines");

    private static Map<String, Object> load(Path file) throws IOException {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
    }

    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    @Test
    void githubJobsInstallTheArchiveTheSetupJobFetchedOnce() throws IOException {
        String text = Files.readString(DIR.resolve("github-actions.yml"));
        assertFalse(text.contains("mvn") || text.contains("cache: maven"), "nothing is built from a provision checkout");
        Map<String, Object> jobs = map(load(DIR.resolve("github-actions.yml")).get("jobs"));
        Map<String, Object> actionInputs = map(load(Path.of("action.yml")).get("inputs"));
        int fetched = 0;
        for (Map.Entry<String, Object> job : jobs.entrySet()) {
            boolean installed = false;
            for (Object s : list(map(job.getValue()).get("steps"))) {
                Map<String, Object> step = map(s);
                String uses = String.valueOf(step.get("uses"));
                if (uses.matches("[^/]+/provision@.+")) {
                    Map<String, Object> with = map(step.get("with"));
                    assertTrue(actionInputs.keySet().containsAll(with.keySet()), "inputs of action.yml: " + with);
                    fetched += with.containsKey("version") ? 1 : 0;
                    assertTrue(with.containsKey("version") || String.valueOf(with.get("archive"))
                            .contains("needs.setup.outputs.version"), job.getKey() + " reuses the setup job's archive");
                    installed = true;
                }
                assertTrue(installed || !String.valueOf(step.get("run")).contains("provision"),
                        job.getKey() + " runs provision before installing it");
            }
            assertTrue(installed, job.getKey() + " installs provision with the action");
            assertTrue(job.getKey().equals("setup") || String.valueOf(map(job.getValue()).get("needs"))
                    .contains("setup"), job.getKey() + " needs the setup job");
        }
        assertEquals(1, fetched, "one job downloads the release");
    }

    @Test
    void githubPlansPullRequestsReadOnlyAndNeverAppliesTwiceAtOnce() throws IOException {
        String text = Files.readString(DIR.resolve("github-actions.yml"));
        for (String subject : List.of("repo:ORG/REPO:pull_request", "repo:ORG/REPO:ref:refs/heads/main",
                "repo:ORG/REPO:environment:vdi-production")) {
            assertTrue(text.contains(subject), "the federated credential " + subject + " is documented");
        }
        Map<String, Object> jobs = map(load(DIR.resolve("github-actions.yml")).get("jobs"));
        String planLogin = list(map(jobs.get("plan")).get("steps")).stream().map(PipelineInstallTest::map)
                .filter(s -> String.valueOf(s.get("uses")).startsWith("azure/login"))
                .map(s -> String.valueOf(map(s.get("with")).get("client-id"))).findFirst().orElseThrow();
        assertTrue(planLogin.contains("github.event_name == 'pull_request' && vars.AZURE_READ_CLIENT_ID"), planLogin);
        Map<String, Object> applyConcurrency = map(map(jobs.get("apply")).get("concurrency"));
        assertEquals(false, applyConcurrency.get("cancel-in-progress"), "an apply under way is never cancelled");
        for (String name : List.of("apply", "drift")) {
            Map<String, Object> job = map(jobs.get(name));
            Map<String, Object> permissions = map(job.get("permissions"));
            assertEquals("write", permissions.get("checks"), name);
            boolean comments = !String.valueOf(job.get("steps")).contains("comment_mode=off");
            assertEquals(comments, "write".equals(permissions.get("pull-requests")),
                    name + ": pull-requests: write exactly when the test report may comment");
        }
    }

    @Test
    void azureDevopsStagesInstallTheArchiveTheToolStagePublished() throws IOException {
        String text = Files.readString(DIR.resolve("azure-pipelines.yml"));
        assertFalse(text.contains("JavaToolInstaller") || text.contains("mvn"), "nothing is built from a checkout");
        Map<String, Object> pipeline = load(DIR.resolve("azure-pipelines.yml"));
        assertEquals("sequential", pipeline.get("lockBehavior"));
        assertTrue(text.contains("Exclusive lock") && text.contains("Branch control"), "the checks are documented");
        assertTrue(Files.isRegularFile(Path.of("devops/install-provision.yml")));
        for (Object st : list(pipeline.get("stages"))) {
            Map<String, Object> stage = map(st);
            assertTrue("Tool".equals(stage.get("stage")) || String.valueOf(stage.get("dependsOn")).contains("Tool"),
                    stage.get("stage") + " depends on the Tool stage");
            String steps = String.valueOf(stage.get("jobs"));
            assertTrue(steps.contains("template=devops/install-provision.yml@provision"), stage.get("stage") + "");
            if (!"Tool".equals(stage.get("stage"))) {
                assertTrue(steps.contains("artifact=provision"), stage.get("stage") + " takes the Tool stage's archive");
            }
        }
        assertTrue(text.contains("azureSubscription: $(planConnection)") && text.contains("value: provision-read"),
                "pull requests plan with the read-only connection");
    }
}
