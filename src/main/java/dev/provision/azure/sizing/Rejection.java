package dev.provision.azure.sizing;

/** Why one size was not chosen, in a sentence a user can act on. */
public record Rejection(String size, String reason) {
    @Override
    public String toString() {
        return size + ": " + reason;
    }
}
