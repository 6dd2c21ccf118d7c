package dev.provision.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provision.boot.Providers;
import dev.provision.spec.Diagnostic;
import dev.provision.spec.SourceLocation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GitHub Actions and Azure Pipelines annotations for spec errors and failed guest checks, chosen by the
 * environment each CI system sets (GITHUB_ACTIONS=true, TF_BUILD=True). Formats and escaping: see CiAnnotations.
 */
class CliCiAnnotationsTest {
    private static final Context GITHUB = ci(Map.of("CI", "true", "GITHUB_ACTIONS", "true"));
    private static final Context AZURE = ci(Map.of("TF_BUILD", "True"));

    @TempDir
    Path dir;

    private Path invalid;
    private Path unverifiable;

    private static Context ci(Map<String, String> env) {
        return new Context(env, null, specDir -> Providers.standard(specDir, env));
    }

    @BeforeEach
    void copySpecs() throws IOException {
        invalid = dir.resolve("multiple-errors.yaml");
        try (InputStream in = getClass().getResourceAsStream("/specs/invalid/multiple-errors.yaml")) {
            Files.copy(in, invalid);
        }
        unverifiable = dir.resolve("unverifiable.yaml");
        try (InputStream in = getClass().getResourceAsStream("/cli/unverifiable.yaml")) {
            Files.copy(in, unverifiable);
        }
    }

    @Test
    void specErrorsBecomeGithubErrorAnnotationsOnTheirLine() {
        CliRun r = CliRun.run(GITHUB, "validate", invalid.toString());
        assertEquals(ExitCode.INVALID_INPUT, r.exit, r.toString());
        List<String> annotations = r.out.lines().filter(l -> l.startsWith("::")).toList();
        assertEquals(14, annotations.size(), r.out);
        assertEquals("::error file=" + invalid + ",line=15,col=10::unknown profile 'docker-desktp'; did you mean "
                + "'docker-desktop'?", annotations.get(0));
        // % in a message would start an escape: ${env:NAME} stays readable, only % CR LF are escaped in the body.
        assertTrue(annotations.contains("::error file=" + invalid + ",line=28,col=78::plain-text secret in 'token'; "
                + "write ${env:NAME} or ${file:path}"), r.out);
        assertTrue(r.err.contains("14 errors"), "the text stays on stderr: " + r.err);
    }

    @Test
    void specErrorsBecomeAzurePipelinesLogIssues() {
        CliRun r = CliRun.run(AZURE, "plan", invalid.toString());
        assertEquals(ExitCode.INVALID_INPUT, r.exit, r.toString());
        assertTrue(r.out.lines().anyMatch(l -> l.equals("##vso[task.logissue type=error;sourcepath=" + invalid
                + ";linenumber=18;columnnumber=15]'powerCycle' must be one of never, graceful, force, not "
                + "'gracefull'; did you mean 'graceful'?")), r.out);
        assertEquals(14, r.out.lines().filter(l -> l.startsWith("##vso[task.logissue type=error;")).count(), r.out);
    }

    @Test
    void failedGuestChecksBecomeAnnotationsWithATitle() {
        CliRun r = CliRun.run(GITHUB, "verify", unverifiable.toString());
        assertEquals(ExitCode.VERIFICATION_FAILED, r.exit, r.toString());
        assertTrue(r.out.lines().anyMatch(l -> l.startsWith("::error title=provision%3A lab/vdi-01 wsl2-boot fail::")
                && l.contains("Fix: ")), r.out);
        CliRun azure = CliRun.run(AZURE, "verify", unverifiable.toString());
        assertTrue(azure.out.lines().anyMatch(l -> l.startsWith("##vso[task.logissue type=error]provision: "
                + "lab/vdi-01 wsl2-boot fail: ")), azure.out);
    }

    @Test
    void outsideCiOrWithJsonThereAreNoAnnotations() throws Exception {
        CliRun plain = CliRun.run(CliRun.pipeline(), "validate", invalid.toString());
        assertFalse(plain.out.contains("::error") || plain.out.contains("##vso"), plain.out);
        // GitHub's own variable must say true: another value is not the runner.
        CliRun other = CliRun.run(ci(Map.of("GITHUB_ACTIONS", "false")), "verify", unverifiable.toString());
        assertFalse(other.out.contains("::error"), other.out);
        // With --json, stdout is one JSON document: an annotation line would break it.
        CliRun json = CliRun.run(GITHUB, "verify", "--json", unverifiable.toString());
        new ObjectMapper().readTree(json.out);
        assertFalse(json.out.contains("::error"), json.out);
    }

    @Test
    void escapingFollowsEachSystemsRules() {
        CiAnnotations github = CiAnnotations.detect(Map.of("GITHUB_ACTIONS", "true"));
        SourceLocation odd = new SourceLocation("C:\\specs\\a,b.yaml", 3, 7);
        assertEquals(List.of("::warning file=C%3A\\specs\\a%2Cb.yaml,line=3,col=7::100%25 sure%0Anext: line"),
                github.diagnostics(List.of(Diagnostic.warning(odd, "100% sure\nnext: line"))));
        CiAnnotations azure = CiAnnotations.detect(Map.of("TF_BUILD", "True"));
        SourceLocation semi = new SourceLocation("specs/a;b].yaml", 3, 7);
        assertEquals(List.of("##vso[task.logissue type=error;sourcepath=specs/a%3Bb%5D.yaml;linenumber=3;"
                        + "columnnumber=7]100%AZP25 sure%0D%0Anext; line]"),
                azure.diagnostics(List.of(Diagnostic.error(semi, "100% sure\r\nnext; line]"))));
        // No position (a missing file): no line or column properties rather than line 0.
        assertEquals(List.of("::error file=x.yaml::no such file"),
                github.diagnostics(List.of(Diagnostic.error(new SourceLocation("x.yaml", 0, 0), "no such file"))));
    }
}
