package dev.provision.cli;

import dev.provision.spec.InvalidSpecTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every malformed spec, through the real command line: exit 2, each declared problem as a
 * {@code file:line:column} line on stderr, nothing on stdout, and no stack trace. Both validate and plan are tried,
 * since plan must refuse before any provider is opened.
 */
class CliInvalidSpecTest {
    static Stream<Path> fixtures() throws Exception {
        return InvalidSpecTest.fixtures();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void exitsTwoWithEveryPositionAndNoStackTrace(Path fixture) throws Exception {
        List<InvalidSpecTest.Expected> expected = InvalidSpecTest.expectations(fixture);
        for (String verb : List.of("validate", "plan")) {
            CliRun r = CliRun.run(CliRun.withProviders(dir -> {
                throw new AssertionError("no provider may be opened for an invalid spec");
            }), verb, fixture.toString());
            assertEquals(ExitCode.INVALID_INPUT, r.exit, r.toString());
            assertTrue(r.out.isEmpty() || verb.equals("validate"), r.toString());
            for (InvalidSpecTest.Expected e : expected) {
                String position = ":" + e.line() + ":" + e.column() + ": error: ";
                assertTrue(r.err.lines().anyMatch(l -> l.contains(position) && l.contains(e.fragment())),
                        verb + " should report " + e + "\n" + r);
            }
            assertFalse(r.err.contains("\tat ") || r.err.contains("Exception"), r.toString());
            assertTrue(r.err.contains("nothing was contacted or changed"), r.toString());
        }
    }
}
