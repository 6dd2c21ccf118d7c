package dev.provision.spec;

import org.yaml.snakeyaml.nodes.Node;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Connection fields that may come from the environment, so one spec serves several environments: a non-secret
 * field written as {@code ${env:NAME}}, or a field left out that the ecosystem's own variable supplies
 * ({@code GOVC_URL}, {@code AZURE_SUBSCRIPTION_ID}, ...). Which field came from which variable is recorded per
 * target, by name only, so the plan can say so without printing a secret.
 *
 * <p>A variable named by an explicit {@code ${env:NAME}} that is unset is no error with {@code required} false
 * (validate): a pipeline validates specs where the variables are not mapped in. With {@code required} true (plan,
 * apply, verify) it is reported at once, at the field, before any cloud is contacted. A mandatory field left out
 * whose default variable is unset is an error either way: leaving a field out does not say it was meant to come
 * from the environment.
 */
final class EnvironmentValues {
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    private final Map<String, String> variables;
    private final boolean required;
    private Map<String, String> taken = new LinkedHashMap<>();

    EnvironmentValues(Map<String, String> variables, boolean required) {
        this.variables = Map.copyOf(variables);
        this.required = required;
    }

    /** No variables, none required: values only as written. */
    static EnvironmentValues none() {
        return new EnvironmentValues(Map.of(), false);
    }

    /**
     * A non-secret text field: as written, or the variable {@code ${env:NAME}} names, or (left out) the value of
     * {@code fallback}; null when none gives a value.
     *
     * @param fallback the ecosystem's variable for this field, or null when there is none
     */
    String text(YamlMap m, String key, String fallback) {
        return text(m, key, fallback, true);
    }

    /** As {@link #text(YamlMap, String, String)} for a field that may stay unset: an unset default is no error. */
    String optional(YamlMap m, String key, String fallback) {
        return text(m, key, fallback, false);
    }

    private String text(YamlMap m, String key, String fallback, boolean needed) {
        String written = m.string(key);
        if (written == null) {
            return m.has(key) || fallback == null ? null : fromDefault(m, key, fallback, needed);
        }
        Matcher ref = ENV_REFERENCE.matcher(written.trim());
        if (!ref.matches()) {
            if (written.trim().startsWith("${")) {
                m.src().error(m.value(key), "'" + key + "' takes a value or ${env:NAME}, not '"
                        + YamlMap.clip(written) + "'");
                return null;
            }
            return written;
        }
        String name = ref.group(1);
        taken.put(key, name);
        String value = variables.get(name);
        if (value == null || value.isEmpty()) {
            if (required) {
                m.src().error(m.value(key), "'" + key + "' is " + written.trim() + ", and environment variable "
                        + name + (value == null ? " is not set" : " is set but empty") + "; set it, or write the "
                        + "value");
            }
            return null;
        }
        return value;
    }

    private String fromDefault(YamlMap m, String key, String variable, boolean needed) {
        String value = variables.get(variable);
        boolean unset = value == null || value.isEmpty();
        if (unset && !needed) {
            return null;
        }
        if (unset) {
            // Even for validate: a field left out says nothing of intent, so it stays an error unless its
            // variable is set; an explicit ${env:NAME} is how a spec says "from the environment, later".
            m.src().error(m.node(), "missing '" + key + "' in " + m.what() + "; add it (a value or ${env:NAME}), "
                    + "or set " + variable);
            return null;
        }
        taken.put(key, variable);
        return value;
    }

    /** A field left out whose variable is read only when connecting, as any secret: recorded, never read here. */
    void secretDefault(String key, String variable) {
        taken.put(key, variable);
    }

    /** {@code GOVC_INSECURE}'s value as a boolean (1/0, true/false, as govc reads it); null when unset. */
    Boolean flag(YamlMap m, String key, String variable) {
        String value = variables.get(variable);
        if (value == null || value.isEmpty()) {
            return null;
        }
        taken.put(key, variable);
        switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "1", "t", "true" -> {
                return true;
            }
            case "0", "f", "false" -> {
                return false;
            }
            default -> {
                m.src().error(m.node(), "environment variable " + variable + " is '" + YamlMap.clip(value)
                        + "'; set it to true or false (or 1 or 0), or write " + key + ": in the spec");
                return null;
            }
        }
    }

    /** What the connection just read took from the environment (field to variable), and starts afresh. */
    Map<String, String> drain() {
        Map<String, String> out = taken;
        taken = new LinkedHashMap<>();
        return out;
    }
}
