package dev.provision.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code show PLANFILE}, and a saved plan that finds its spec from any working directory. Tests cannot change the
 * process's working directory, so "elsewhere" is made the other way round: the spec is named relative to the
 * process's working directory when planning, then the spec and the plan are moved to another folder together, so
 * neither that relative path nor the absolute one leads to the spec any more; only the path relative to the plan
 * file does.
 */
class CliShowTest {
    @TempDir
    Path planned;

    @TempDir
    Path moved;

    private Path fleet;

    @BeforeEach
    void copySpec() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/cli/fleet.yaml")) {
            Files.copy(in, planned.resolve("fleet.yaml"));
        }
        fleet = planned.resolve("fleet.yaml");
    }

    /** The spec as a person in the working directory would name it: a relative path. */
    private static String relativeToWorkingDirectory(Path file) {
        return Path.of("").toAbsolutePath().relativize(file.toAbsolutePath()).toString();
    }

    private Path planAndMove(String... extra) throws IOException {
        Path planFile = planned.resolve("plan.json");
        String[] args = new String[3 + extra.length + 2];
        args[0] = "plan";
        args[1] = relativeToWorkingDirectory(fleet);
        System.arraycopy(extra, 0, args, 2, extra.length);
        args[2 + extra.length] = "--out";
        args[3 + extra.length] = planFile.toString();
        args[4 + extra.length] = "--no-color";
        CliRun r = CliRun.run(CliRun.pipeline(), args);
        assertEquals(0, r.exit, r.toString());
        Files.move(fleet, moved.resolve("fleet.yaml"));
        Files.move(planFile, moved.resolve("plan.json"));
        return moved.resolve("plan.json");
    }

    @Test
    void showPrintsASavedPlanAsPlanPrintedIt() throws IOException {
        CliRun plan = CliRun.run(CliRun.pipeline(), "plan", fleet.toString());
        Path planFile = planAndMove();
        CliRun show = CliRun.run(CliRun.pipeline(), "show", planFile.toString());
        assertEquals(0, show.exit, show.toString());
        assertEquals(plan.out, show.out);
        assertTrue(show.out.contains("+ lab/vdi-new  create"), show.out);
    }

    @Test
    void showJsonPrintsTheSavedDocumentWithTheSpecAsFoundFromHere() throws IOException {
        Path planFile = planAndMove();
        CliRun show = CliRun.run(CliRun.pipeline(), "show", "--json", planFile.toString());
        assertEquals(0, show.exit, show.toString());
        JsonNode doc = new ObjectMapper().readTree(show.out);
        assertEquals(1, doc.get("formatVersion").asInt());
        assertEquals(3, doc.get("changes").size());
        assertEquals("fleet.yaml", doc.at("/spec/relativeToPlan").asText());
        assertEquals(moved.resolve("fleet.yaml").toAbsolutePath().toString(), doc.at("/spec/absolutePath").asText());
    }

    @Test
    void aSavedPlanFindsItsSpecBesideItFromAnyWorkingDirectory() throws IOException {
        Path planFile = planAndMove();
        String saved = Files.readString(planFile);
        assertTrue(saved.contains("\"relativeToPlan\" : \"fleet.yaml\""), saved);
        CliRun apply = CliRun.run(CliRun.pipeline(), "apply", planFile.toString());
        assertEquals(0, apply.exit, apply.toString());
        assertTrue(apply.out.contains("Apply: 2 applied"), apply.out);
        assertTrue(Files.exists(moved.resolve("state/lab.json")), "the lab beside the spec was changed");
        assertFalse(Files.exists(planned.resolve("state/lab.json")));
    }

    @Test
    void aPlanWhoseSpecIsGoneIsRefusedNamingThePlanFile() throws IOException {
        Path planFile = planAndMove();
        Files.delete(moved.resolve("fleet.yaml"));
        CliRun apply = CliRun.run(CliRun.pipeline(), "apply", planFile.toString());
        assertEquals(ExitCode.INVALID_INPUT, apply.exit, apply.toString());
        assertTrue(apply.err.startsWith(planFile + ": error: the spec this plan was made from is not found"),
                apply.err);
        assertFalse(apply.err.contains("Exception"), apply.err);
    }

    @Test
    void showRefusesWhatIsNotAPlanNamingTheFile() throws IOException {
        Path notAPlan = planned.resolve("notes.json");
        Files.writeString(notAPlan, "{\"formatVersion\": 1, \"changes\": 3}");
        CliRun show = CliRun.run(CliRun.pipeline(), "show", notAPlan.toString());
        assertEquals(ExitCode.INVALID_INPUT, show.exit, show.toString());
        assertTrue(show.err.startsWith(notAPlan.toString() + ":"), show.err);
    }

    @Test
    void helpListsShow() {
        CliRun help = CliRun.run(CliRun.pipeline(), "--help");
        assertTrue(help.out.contains("show"), help.out);
    }
}
