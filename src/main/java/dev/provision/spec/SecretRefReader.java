package dev.provision.spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads a secret-valued key ({@code password}, {@code adminPassword}, {@code token}). Only references are
 * accepted, and a value that is not one is never echoed: it may be the secret itself. Environment variables are
 * not looked up here, so a pipeline can validate a spec without holding its secrets; a {@code ${file:..}} file
 * must exist, because a missing file is a mistake in the spec rather than in the environment.
 */
final class SecretRefReader {
    /** The same rule as {@link SpecKeys#SECRET_REF} gives editors. */
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String WRITE = "write ${env:NAME} or ${file:path}";

    private SecretRefReader() {
    }

    static SecretRef read(YamlMap m, String key) {
        Node v = m.value(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof ScalarNode s)) {
            return m.wrongType(key, v);
        }
        YamlSource src = m.src();
        String text = s.getValue().trim();
        if (!text.startsWith("${")) {
            src.error(v, "plain-text secret in '" + key + "'; " + WRITE);
            return null;
        }
        int colon = text.indexOf(':');
        if (!text.endsWith("}") || text.indexOf('}') != text.length() - 1 || colon < 0) {
            src.error(v, "malformed secret reference in '" + key + "'; " + WRITE);
            return null;
        }
        String scheme = text.substring(2, colon).trim();
        String name = text.substring(colon + 1, text.length() - 1).trim();
        if (!scheme.equals("env") && !scheme.equals("file")) {
            src.error(v, "unknown secret source '" + YamlMap.clip(scheme) + "' in '" + key + "'; " + WRITE);
            return null;
        }
        if (name.isEmpty()) {
            src.error(v, "the secret reference in '" + key + "' names nothing; write "
                    + (scheme.equals("env") ? "${env:NAME}" : "${file:path}"));
            return null;
        }
        if (scheme.equals("env") && !ENV_NAME.matcher(name).matches()) {
            src.error(v, "'" + YamlMap.clip(name) + "' is not an environment variable name; use letters, "
                    + "digits and '_', e.g. ${env:VSPHERE_PASSWORD}");
            return null;
        }
        if (scheme.equals("file")) {
            Path file = src.resolve(name);
            if (!Files.isRegularFile(file)) {
                src.error(v, "secret file '" + name + "' does not exist (looked for " + file
                        + "); create it or fix the path, which is relative to " + where(src));
                return null;
            }
        }
        return SecretRef.parse(text, src.baseDir(), src.at(v));
    }

    private static String where(YamlSource src) {
        return src.baseDir() == null ? "the working folder" : "the spec's folder";
    }
}
