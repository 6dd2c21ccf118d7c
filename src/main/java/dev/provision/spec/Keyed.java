package dev.provision.spec;

import java.util.Optional;

/**
 * An enum whose constants are written as fixed words (in a spec, a plan file, a probe document or a state file).
 * One lookup for all of them, with one answer on a miss: empty. Whoever reads the word knows what a miss means
 * there (a user's mistake with its own message, a corrupt file, a state to treat as unknown), so the enum does not.
 */
public interface Keyed {
    /** The word this constant is written as; part of a file format, so never renamed. */
    String key();

    static <E extends Enum<E> & Keyed> Optional<E> lookup(Class<E> type, String key) {
        for (E constant : type.getEnumConstants()) {
            if (constant.key().equals(key)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }
}
