package dev.provision.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A secret named by reference — {@code ${env:NAME}} or {@code ${file:path}} — never by value. Only the reference is
 * ever printed, saved in a plan or written to a report; the value is read at the moment a connection needs it.
 */
public final class SecretRef {
    private static final Pattern FORM = Pattern.compile("\\$\\{(env|file):([^}]+)}");

    private final String reference;
    private final String scheme;
    private final String name;
    private final Path baseDir;

    private SecretRef(String reference, String scheme, String name, Path baseDir) {
        this.reference = reference;
        this.scheme = scheme;
        this.name = name;
        this.baseDir = baseDir;
    }

    /** True when the text has the form of a reference. */
    public static boolean isReference(String text) {
        return text != null && FORM.matcher(text.trim()).matches();
    }

    /**
     * Parses a reference; {@code baseDir} anchors relative {@code file:} paths (the spec's folder).
     * @throws IllegalArgumentException when the text is not a reference
     */
    public static SecretRef parse(String text, Path baseDir) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a secret reference; write ${env:NAME} or ${file:path}");
        }
        return new SecretRef(text.trim(), m.group(1), m.group(2).trim(), baseDir);
    }

    /** The reference as written, e.g. {@code ${env:VSPHERE_PASSWORD}}: safe to print. */
    public String reference() {
        return reference;
    }

    /** Reads the secret now, from the environment given (so tests need not touch the process environment). */
    public String resolve(Map<String, String> environment) throws InvalidInputException {
        if (scheme.equals("env")) {
            String value = environment.get(name);
            if (value == null) {
                throw new InvalidInputException(SourceLocation.UNKNOWN,
                        "secret " + reference + ": environment variable " + name + " is not set");
            }
            return value;
        }
        Path path = baseDir == null ? Path.of(name) : baseDir.resolve(name);
        try {
            return Files.readString(path, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new InvalidInputException(SourceLocation.UNKNOWN,
                    "secret " + reference + ": cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
        }
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
