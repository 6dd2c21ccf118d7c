package dev.provision.azure;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real Azure traffic and official REST examples kept beside the clone in ../shared/azure-recordings.
 * Missing recordings fail the test loudly: a contract test that skips proves nothing.
 */
final class Recordings {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Recordings() {}

    static Path dir() {
        Path dir = Path.of("..", "shared", "azure-recordings").toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            fail("Azure recordings not found at " + dir + ": these contract tests need shared/azure-recordings "
                    + "beside the project clone (CI checks it out there). They are never skipped.");
        }
        return dir;
    }

    static JsonNode json(String relativePath) {
        Path file = dir().resolve(relativePath);
        try {
            return MAPPER.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            return fail("cannot read recording " + file + ": " + e);
        }
    }

    /** The response body (a JSON string inside the recording) of the first call whose URI contains {@code uriPart}. */
    static JsonNode recordedBody(String sessionRecord, String method, String uriPart) {
        for (JsonNode call : json("session-records/" + sessionRecord).path("networkCallRecords")) {
            if (method.equals(call.path("Method").asText()) && call.path("Uri").asText().contains(uriPart)) {
                try {
                    return MAPPER.readTree(call.path("Response").path("Body").asText());
                } catch (IOException e) {
                    return fail("recorded body is not JSON: " + e);
                }
            }
        }
        return fail("no recorded " + method + " call containing " + uriPart + " in " + sessionRecord);
    }
}
