package dev.provision.spec;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A secret named by reference — {@code ${env:NAME}} or {@code ${file:path}} — never by value. Only the reference is
 * ever printed, saved in a plan or written to a report; the value is read at the moment a connection needs it.
 * That moment comes long after the spec was validated, so the reference keeps where it was written: a secret that
 * cannot be read is then reported at that line of the spec, not at some unknown place.
 */
public final class SecretRef {
    private static final Pattern FORM = Pattern.compile("\\$\\{(env|file):([^}]+)}");

    private final String reference;
    private final String scheme;
    private final String name;
    private final Path baseDir;
    private final SourceLocation location;

    private SecretRef(String reference, String scheme, String name, Path baseDir, SourceLocation location) {
        this.reference = reference;
        this.scheme = scheme;
        this.name = name;
        this.baseDir = baseDir;
        this.location = location;
    }

    /**
     * Parses a reference; {@code baseDir} anchors relative {@code file:} paths (the spec's folder).
     * @throws IllegalArgumentException when the text is not a reference
     */
    public static SecretRef parse(String text, Path baseDir) {
        return parse(text, baseDir, SourceLocation.UNKNOWN);
    }

    /**
     * Parses a reference written at {@code location} in a spec; problems reading it later are reported there.
     * @throws IllegalArgumentException when the text is not a reference
     */
    public static SecretRef parse(String text, Path baseDir, SourceLocation location) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a secret reference; write ${env:NAME} or ${file:path}");
        }
        return new SecretRef(text.trim(), m.group(1), m.group(2).trim(), baseDir, location);
    }

    /** The reference as written, e.g. {@code ${env:VSPHERE_PASSWORD}}: safe to print. */
    public String reference() {
        return reference;
    }

    /** Where the reference was written in the spec ({@link SourceLocation#UNKNOWN} when not from a spec). */
    public SourceLocation location() {
        return location;
    }

    /**
     * Reads the secret now, from the environment given (so tests need not touch the process environment). An empty
     * value is refused like a missing one: no password, token or key is the empty string, and an empty variable is
     * the usual trace of a pipeline secret that was not mapped into the job.
     *
     * @throws InvalidInputException at the reference's place in the spec, when the secret is missing or empty
     */
    public String resolve(Map<String, String> environment) throws InvalidInputException {
        if (scheme.equals("env")) {
            String value = environment.get(name);
            if (value == null || value.isEmpty()) {
                throw new InvalidInputException(location, "secret " + reference + ": environment variable " + name
                        + (value == null ? " is not set" : " is set but empty") + "; set it to the secret before "
                        + "running provision");
            }
            return value;
        }
        Path path = baseDir == null ? Path.of(name) : baseDir.resolve(name);
        String value;
        try {
            value = Files.readString(path, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new InvalidInputException(location,
                    "secret " + reference + ": cannot read " + path + " (" + why(e) + ")");
        }
        if (value.isEmpty()) {
            throw new InvalidInputException(location, "secret " + reference + ": file " + path + " is empty; "
                    + "write the secret into it");
        }
        return value;
    }

    /** The reason in words: the exception's name is no help to the person fixing the file. */
    private static String why(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text";
        }
        return e.getMessage() == null ? "read error" : e.getMessage();
    }

    public String resolve() throws InvalidInputException {
        return resolve(System.getenv());
    }

    @Override
    public String toString() {
        return reference;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretRef other && other.reference.equals(reference);
    }

    @Override
    public int hashCode() {
        return reference.hashCode();
    }
}
