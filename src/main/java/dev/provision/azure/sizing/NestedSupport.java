package dev.provision.azure.sizing;

/** Whether a size series runs nested virtualization, as its documentation says. */
public enum NestedSupport {
    SUPPORTED, NOT_SUPPORTED,
    /** Not in the catalog: never guessed, never picked, reported as such. */
    UNKNOWN
}
