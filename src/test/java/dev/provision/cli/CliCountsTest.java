package dev.provision.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Counts in what the commands print agree with their nouns: "1 target", "2 targets". */
class CliCountsTest {
    @TempDir
    Path dir;

    private Path spec(String targets) throws IOException {
        Path file = dir.resolve("spec.yaml");
        Files.writeString(file, """
                extends: docker-desktop
                desired:
                  guest:
                    user: labuser
                targets:
                """ + targets);
        return file;
    }

    /** A lab target whose one VM is already ready for Docker Desktop. */
    private static String readyLab(String name) {
        return """
                  - name: %1$s
                    kind: lab
                    lab:
                      stateFile: state/%1$s.json
                      vms:
                        - {name: vdi-01, power: on, nestedVirtualization: true, vcpus: 4, memoryGiB: 16,
                           features: [Microsoft-Hyper-V-All, VirtualMachinePlatform, Microsoft-Windows-Subsystem-Linux]}
                    vms:
                      - name: vdi-01
                """.formatted(name);
    }

    @Test
    void validateCountsTargetsAndVmEntriesInTheRightNumber() throws IOException {
        assertValidateSays(spec(readyLab("lab")), "(1 target, 1 VM entry, extends docker-desktop)",
                "  lab (lab): 1 VM entry\n");
        assertValidateSays(spec(readyLab("lab") + readyLab("lab2") + "      - name: vdi-02\n"),
                "(2 targets, 3 VM entries, extends docker-desktop)", "  lab2 (lab): 2 VM entries\n");
    }

    private static void assertValidateSays(Path spec, String summary, String targetLine) {
        CliRun r = CliRun.run(CliRun.pipeline(), "validate", spec.toString());
        assertEquals(ExitCode.OK, r.exit, r.toString());
        assertTrue(r.out.contains(": valid " + summary), r.out);
        assertTrue(r.out.contains(targetLine), r.out);
    }

    @Test
    void verifyOfOneVmSaysOneVm() throws IOException {
        CliRun r = CliRun.run(CliRun.pipeline(), "verify", spec(readyLab("lab")).toString());
        assertEquals(ExitCode.OK, r.exit, r.toString());
        assertTrue(r.err.contains("lab: read 1 VM in "), r.err);
        assertTrue(r.out.contains("Verification: 1 VM, 1 passed, 0 failed."), r.out);
    }
}
