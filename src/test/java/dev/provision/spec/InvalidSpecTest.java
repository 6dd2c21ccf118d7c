package dev.provision.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file under specs/invalid/ is a malformed spec that declares, in its leading comment lines, the diagnostics
 * it must produce: {@code # expect: [file:]line:column fragment}. Loading it must fail with exactly those, in
 * order, and no message may leak Java internals.
 */
public class InvalidSpecTest {
    static final Path DIR = Path.of("src/test/resources/specs/invalid");
    private static final Pattern EXPECT = Pattern.compile("^#\\s*expect:\\s*(?:(\\S+):)?(\\d+):(\\d+)\\s+(.+)$");
    /** A package-qualified name, an exception's simple name, or a stack frame. */
    static final Pattern JAVA_LEAK = Pattern.compile(
            "\\b(?:java|javax|jdk|sun|org\\.yaml|com\\.fasterxml|dev\\.provision)\\.[a-z]|Exception|Error:|\\tat |"
                    + "\\bat [a-z]+\\.[a-z]+\\.|snakeyaml", Pattern.CASE_INSENSITIVE);

    public record Expected(String file, int line, int column, String fragment) {
        @Override
        public String toString() {
            return (file == null ? "" : file + ":") + line + ":" + column + " " + fragment;
        }
    }

    public static Stream<Path> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @Test
    void thereAreAtLeastThirtyFixtures() throws IOException {
        assertTrue(fixtures().count() >= 30, "at least 30 malformed specs");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void reportsExactlyTheDeclaredDiagnostics(Path fixture) throws IOException {
        List<Expected> expected = expectations(fixture);
        assertFalse(expected.isEmpty(), fixture + " declares no '# expect:' line");

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new SpecLoader().load(fixture));
        List<Diagnostic> actual = e.diagnostics();
        String all = render(actual);

        assertEquals(expected.size(), actual.size(), "number of diagnostics; got:\n" + all);
        for (int i = 0; i < expected.size(); i++) {
            Expected x = expected.get(i);
            Diagnostic d = actual.get(i);
            String file = x.file() == null ? fixture.getFileName().toString() : x.file();
            assertTrue(d.location().file().replace('\\', '/').endsWith(file),
                    "diagnostic " + (i + 1) + " should be in " + file + "; got:\n" + all);
            assertEquals(x.line() + ":" + x.column(), d.location().line() + ":" + d.location().column(),
                    "position of diagnostic " + (i + 1) + " (" + x + "); got:\n" + all);
            assertTrue(d.message().contains(x.fragment()),
                    "diagnostic " + (i + 1) + " should contain '" + x.fragment() + "'; got:\n" + all);
        }
        assertNoJavaLeaks(actual);
    }

    static void assertNoJavaLeaks(List<Diagnostic> diagnostics) {
        for (Diagnostic d : diagnostics) {
            Matcher m = JAVA_LEAK.matcher(d.message());
            boolean leaks = m.find();
            assertFalse(leaks, () -> "message leaks Java internals ('" + m.group() + "'): " + d.render());
            assertFalse(d.message().contains("\n"), "one line per message: " + d.render());
            assertTrue(Character.isLowerCase(d.message().charAt(0)) || d.message().charAt(0) == '\'',
                    "messages start in lower case: " + d.render());
            assertEquals(Diagnostic.Severity.ERROR, d.severity());
            assertTrue(d.location().line() >= 1 && d.location().column() >= 1, "a position: " + d.render());
        }
    }

    @Test
    void plainTextSecretsAreNeverEchoed() throws Exception {
        for (String name : List.of("plain-text-password", "plain-text-admin-password", "plain-text-token",
                "multiple-errors")) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> new SpecLoader().load(DIR.resolve(name + ".yaml")));
            String all = render(e.diagnostics()) + e.getMessage();
            for (String secret : List.of("Sup3rS3cret", "hunter2", "P@ssw0rd", "eyJ0eXAi")) {
                assertFalse(all.contains(secret), name + " echoes a secret:\n" + all);
            }
        }
    }

    @Test
    void profileCycleNamesTheWholeLoop() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new SpecLoader().load(DIR.resolve("profile-cycle.yaml")));
        String message = e.diagnostics().get(0).message().replace('\\', '/');
        assertTrue(message.matches("profile cycle: \\S*profiles/cycle-a\\.yaml -> \\S*profiles/cycle-b\\.yaml -> "
                + "\\S*profiles/cycle-a\\.yaml; .*"), message);
    }

    @Test
    void aFileOverOneMebibyteIsRefusedBeforeParsing(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.yaml");
        StringBuilder text = new StringBuilder("targets:\n");
        while (text.length() <= SpecText.MAX_BYTES) {
            text.append("  - {name: vdi-").append(text.length()).append(", kind: lab, lab: {}}\n");
        }
        Files.writeString(big, text, StandardCharsets.UTF_8);

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new SpecLoader().load(big));
        assertEquals(1, e.diagnostics().size(), render(e.diagnostics()));
        Diagnostic d = e.diagnostics().get(0);
        assertTrue(d.message().startsWith("file too large"), d.render());
        assertEquals(big + ":1:1: error: " + d.message(), d.render());

        InvalidInputException fromText = assertThrows(InvalidInputException.class,
                () -> new SpecLoader().load(text.toString(), big));
        assertTrue(fromText.diagnostics().get(0).message().startsWith("file too large"));
    }

    @Test
    void aMissingFileIsOneDiagnosticNotAnIoError(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new SpecLoader().load(missing));
        assertEquals(List.of(missing + ":1:1: error: file not found; check the path"),
                e.diagnostics().stream().map(Diagnostic::render).toList());
    }

    @Test
    void textThatIsNotUtf8IsReported(@TempDir Path dir) throws IOException {
        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, "targets: [{name: caf\u00e9}]\n".getBytes(StandardCharsets.ISO_8859_1));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new SpecLoader().load(latin1));
        assertTrue(e.diagnostics().get(0).message().contains("not UTF-8"), render(e.diagnostics()));
    }

    /** Half-written specs are what editors hand over most: any prefix must load or fail cleanly, never crash. */
    @Test
    void everyPrefixOfEveryFixtureLoadsOrFailsWithDiagnostics() throws IOException {
        List<Path> files = new ArrayList<>(fixtures().toList());
        try (Stream<Path> valid = Files.list(SpecLoaderTest.VALID)) {
            valid.filter(p -> p.toString().endsWith(".yaml")).forEach(files::add);
        }
        int loads = 0;
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int n = 0; n <= lines.size(); n++) {
                String prefix = String.join("\n", lines.subList(0, n));
                for (String text : List.of(prefix, prefix + "\n  x")) {
                    try {
                        new SpecLoader().load(text, file);
                    } catch (InvalidInputException e) {
                        assertFalse(e.diagnostics().isEmpty());
                        assertNoJavaLeaks(e.diagnostics());
                    } catch (RuntimeException e) {
                        throw new AssertionError(file + " cut after line " + n + " crashed the loader", e);
                    }
                    loads++;
                }
            }
        }
        assertTrue(loads > 500, "loads: " + loads);
    }

    @Test
    void theExceptionMessageIsTheFirstDiagnostic() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new SpecLoader().load(DIR.resolve("multiple-errors.yaml")));
        assertTrue(e.diagnostics().size() > 10);
        assertEquals(e.diagnostics().get(0).render(), e.getMessage());
    }

    public static List<Expected> expectations(Path fixture) throws IOException {
        List<Expected> out = new ArrayList<>();
        for (String line : Files.readAllLines(fixture, StandardCharsets.UTF_8)) {
            Matcher m = EXPECT.matcher(line);
            if (!m.matches()) {
                break;
            }
            out.add(new Expected(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    m.group(4).trim()));
        }
        return out;
    }

    static String render(List<Diagnostic> diagnostics) {
        StringBuilder b = new StringBuilder();
        diagnostics.forEach(d -> b.append("  ").append(d.render()).append('\n'));
        return b.toString();
    }
}
