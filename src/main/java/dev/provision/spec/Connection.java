package dev.provision.spec;

/** How to reach a target: one record per kind, with only what that kind needs. */
public sealed interface Connection permits AzureSettings, VsphereSettings, LabSettings {
    /**
     * Whether the target is a local rehearsal of a cloud (Azure's {@code cloud: emulator}): the plan says so, and
     * the composition root opens the rehearsal instead of the cloud. A fact of the spec, so no provider has to ask
     * "am I the emulator".
     */
    default boolean isRehearsal() {
        return false;
    }
}
