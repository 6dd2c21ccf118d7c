package dev.provision.guest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files written by self-test.ps1 are fixtures: they load through {@link SelfTestRecording}, and their raw outputs go
 * through the same readers the probe's output does. The committed example is assembled from the outputs its
 * README names, not recorded; a real recording dropped beside it is checked by the same tests.
 */
class SelfTestRecordingTest {
    private static final Path FOLDER = Path.of("src/test/resources/guest/self-test");
    private static final String EXAMPLE = "assembled-win11-wsl2.json";
    private static final Pattern KERNEL_RELEASE = Pattern.compile("\\d+\\.\\d+[\\w.+~-]*");

    @Test
    void everyFileInTheFixtureFolderLoadsAndAnAssembledOneNamesItsSources() throws Exception {
        List<Path> files;
        try (Stream<Path> list = Files.list(FOLDER)) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertFalse(files.isEmpty());
        for (Path file : files) {
            SelfTestRecording recording = SelfTestRecording.parse(Files.readAllBytes(file));
            assertFalse(recording.steps().isEmpty(), file + " records something");
        }
        assertEquals("assembled", SelfTestRecording.load(EXAMPLE).origin(), "the example says it was not recorded");
    }

    @Test
    void wslVersionsRawUtf16BytesDecodeAsTheProbeDecodesThem() {
        SelfTestRecording.Step version = SelfTestRecording.load(EXAMPLE).step("wsl-version:programFiles", "user")
                .orElseThrow();
        assertNull(version.environment("WSL_UTF8"), "the raw form: WSL_UTF8 unset");
        byte[] raw = version.stdout().bytes();
        assertTrue(WslText.looksUtf16Le(raw));
        assertEquals(version.stdout().text(), WslText.decode(raw));
        assertEquals("2.5.6.0", WslText.wslVersion(WslText.decode(raw)));
    }

    @Test
    void theBootKeepsTheKernelReleaseOnStdoutAndWslsWarningOnStderr() {
        SelfTestRecording recording = SelfTestRecording.load(EXAMPLE);
        SelfTestRecording.Step boot = recording.step("boot", "user").orElseThrow();
        assertEquals(0, boot.exitCode());
        String release = firstLine(WslText.decode(boot.stdout().bytes()));
        assertTrue(KERNEL_RELEASE.matcher(release).matches(), release);
        assertFalse(WslText.isWsl1Kernel(release), release);
        assertTrue(WslText.decode(boot.stderr().bytes()).startsWith("wsl: "), "a warning, on stderr only");
        // Merged, the two streams are no kernel release: what the probe must never judge.
        String merged = WslText.decode(boot.stdout().bytes()) + " " + WslText.decode(boot.stderr().bytes());
        assertFalse(KERNEL_RELEASE.matcher(merged.trim()).matches());

        SelfTestRecording.Step quiet = recording.step("boot-as-probe", "user").orElseThrow();
        assertEquals("1", quiet.environment("WSL_DISABLE_WARNINGS"));
        assertEquals(0, quiet.stderr().bytes().length, "WSL_DISABLE_WARNINGS=1 leaves stderr empty");
        assertEquals(release, firstLine(WslText.decode(quiet.stdout().bytes())));
    }

    @Test
    void wslAsSystemRefusesOnStdoutWithExitMinusOne() {
        SelfTestRecording.Step boot = SelfTestRecording.load(EXAMPLE).step("boot", "system").orElseThrow();
        assertEquals(-1, boot.exitCode());
        assertTrue(WslText.decode(boot.stdout().bytes()).startsWith("Running WSL as local system is not supported."));
        assertEquals(0, boot.stderr().bytes().length);
    }

    @Test
    void aFileThatStraysFromTheShapeIsRefusedNamingWhatIsWrong() throws Exception {
        assertRefused(doc -> doc.put("selfTestVersion", 2), "selfTestVersion 2 is not 1");
        assertRefused(doc -> doc.remove("sources"), "an assembled file names its sources");
        assertRefused(doc -> doc.put("origin", "made-up"), "origin 'made-up'");
        assertRefused(doc -> ((ObjectNode) doc.withArray("steps").get(0)).remove("stderr"),
                "step 'wsl-version:programFiles' as user: no field 'stderr'");
        assertRefused(doc -> ((ObjectNode) doc.withArray("steps").get(1).get("stdout")).put("length", 3),
                "step 'boot' as user stdout: base64 holds 33 bytes, length says 3");
        assertRefused(doc -> ((ObjectNode) doc.withArray("steps").get(3)).put("timedOut", true),
                "step 'boot' as system: a step that timed out has no exit code");
    }

    @Test
    void theFolderReadmeDocumentsEveryStepTheScriptRecordsAndEveryFieldTheReaderNeeds() throws Exception {
        String readme = Files.readString(FOLDER.resolve("README.md"));
        String script = SelfTestScript.text();
        Matcher named = Pattern.compile("Invoke-Recorded(?:PowerShell)? [\"']([\\w:-]+)[\"'$]").matcher(script);
        int names = 0;
        while (named.find()) {
            assertTrue(readme.contains("`" + named.group(1)), "README.md documents the step " + named.group(1));
            names++;
        }
        assertTrue(names >= 12, "the steps were found in the script: " + names);
        for (String field : Stream.of(SelfTestRecording.TOP, SelfTestRecording.STEP, SelfTestRecording.STREAM)
                .flatMap(List::stream).toList()) {
            assertTrue(readme.contains("`" + field + "`"), "README.md documents the field " + field);
        }
        assertTrue(readme.contains(EXAMPLE), "README.md names the sources of the example");
    }

    private static void assertRefused(Consumer<ObjectNode> change, String expected) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode doc = (ObjectNode) mapper.readTree(Files.readAllBytes(FOLDER.resolve(EXAMPLE)));
        change.accept(doc);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SelfTestRecording.parse(mapper.writeValueAsString(doc).getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static String firstLine(String text) {
        return text.lines().map(String::trim).filter(l -> !l.isEmpty()).findFirst().orElse("");
    }
}
