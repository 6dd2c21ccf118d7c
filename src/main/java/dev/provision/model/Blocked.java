package dev.provision.model;

/**
 * Why a needed change will not be carried out by this apply.
 * {@code PENDING}: the user's own policy holds it back (a running VM under power-cycle policy {@code never}).
 * {@code REFUSED}: it cannot work as things are (hardware too old, host without support, passthrough device…).
 */
public record Blocked(Kind kind, String reason) {
    public enum Kind {
        PENDING("pending"), REFUSED("refused");

        private final String json;

        Kind(String json) {
            this.json = json;
        }

        public String json() {
            return json;
        }

        public static Kind fromJson(String text) {
            for (Kind k : values()) {
                if (k.json.equals(text)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown blocked kind '" + text + "'");
        }
    }

    public static Blocked pending(String reason) {
        return new Blocked(Kind.PENDING, reason);
    }

    public static Blocked refused(String reason) {
        return new Blocked(Kind.REFUSED, reason);
    }
}
