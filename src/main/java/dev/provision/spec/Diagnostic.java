package dev.provision.spec;

/** One problem found in the user's input, with where it was written. */
public record Diagnostic(Severity severity, SourceLocation location, String message) {
    public enum Severity { ERROR, WARNING }

    public static Diagnostic error(SourceLocation at, String message) {
        return new Diagnostic(Severity.ERROR, at, message);
    }

    public static Diagnostic warning(SourceLocation at, String message) {
        return new Diagnostic(Severity.WARNING, at, message);
    }

    /** {@code file:line:column: error: message}, the form compilers and editors understand. */
    public String render() {
        return location + ": " + severity.name().toLowerCase() + ": " + message;
    }
}
