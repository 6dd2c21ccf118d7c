package dev.provision.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The keys one kind of mapping in a spec may hold, in the order documentation lists them. */
final class KeyTable {
    private final String id;
    private final String what;
    private final String description;
    private final Map<String, SpecKey> keys = new LinkedHashMap<>();

    /**
     * @param id   the schema's {@code $defs} name
     * @param what how messages name such a mapping ("a target", "the size block")
     */
    KeyTable(String id, String what, String description, List<SpecKey> keys) {
        this.id = id;
        this.what = what;
        this.description = description;
        for (SpecKey k : keys) {
            if (this.keys.put(k.name(), k) != null) {
                throw new IllegalStateException("key listed twice: " + k.name());
            }
        }
    }

    String id() {
        return id;
    }

    String what() {
        return what;
    }

    String description() {
        return description;
    }

    List<SpecKey> keys() {
        return List.copyOf(keys.values());
    }

    List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(keys.keySet()));
    }

    boolean has(String name) {
        return keys.containsKey(name);
    }

    /** The key, which the loader must only ask for by a name this table lists. */
    SpecKey key(String name) {
        SpecKey k = keys.get(name);
        if (k == null) {
            throw new IllegalStateException("table " + id + " has no key " + name);
        }
        return k;
    }
}
