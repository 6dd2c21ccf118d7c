package dev.provision.guest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Realistic probe outputs under src/test/resources/guest/probe, as the scripts print them. */
final class Fixtures {
    private Fixtures() {}

    static String probeOutput(String name) {
        return resource("/guest/probe/" + name);
    }

    static String resource(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ProbeDocument parsed(String name) {
        try {
            return ProbeDocument.parse(probeOutput(name));
        } catch (ProbeOutputException e) {
            throw new AssertionError(name + ": " + e.getMessage(), e);
        }
    }

    /** The facts of a system part and, when named, a user part. */
    static GuestFacts facts(String system, String user) {
        return ProbeDocument.facts(parsed(system), user == null ? null : parsed(user));
    }
}
