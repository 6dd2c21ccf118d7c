package dev.provision.model;

import dev.provision.spec.Keyed;

/**
 * Why a needed change will not be carried out by this apply.
 * {@code PENDING}: the user's own policy holds it back (a running VM under power-cycle policy {@code never}).
 * {@code REFUSED}: it cannot work as things are (hardware too old, host without support, passthrough device…).
 */
public record Blocked(Kind kind, String reason) {
    public enum Kind implements Keyed {
        PENDING("pending"), REFUSED("refused");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        @Override
        public String key() {
            return key;
        }
    }

    public static Blocked pending(String reason) {
        return new Blocked(Kind.PENDING, reason);
    }

    public static Blocked refused(String reason) {
        return new Blocked(Kind.REFUSED, reason);
    }
}
