package dev.provision.azure.sizing;

/**
 * Why one size was not chosen, in a sentence a user can act on.
 *
 * @param cause what kind of reason it is, so that a refusal can name the real one (a quota a few cores short is not
 *              "nothing can nest")
 */
public record Rejection(String size, String reason, Cause cause) {
    /** The kinds of reason, in the order the selector checks them. */
    public enum Cause {
        /** The region's SKU list has no such size. */
        NOT_OFFERED,
        /** Arm64, or a series documented without nested virtualization. */
        CANNOT_NEST,
        /** A series the catalog does not cover. */
        UNCATALOGUED,
        TOO_SMALL,
        AMD_NOT_ALLOWED,
        GENERATION,
        /** A {@code Location} restriction for this subscription. */
        RESTRICTED,
        ZONE,
        STORAGE,
        QUOTA;

        /** The size could serve this VM but for something of this subscription or request (not its capacity). */
        boolean adequate() {
            return compareTo(TOO_SMALL) > 0;
        }
    }

    @Override
    public String toString() {
        return size + ": " + reason;
    }
}
