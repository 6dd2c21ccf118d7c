package dev.provision.spec;

/** How to reach a target: one record per kind, with only what that kind needs. */
public sealed interface Connection permits AzureSettings, VsphereSettings, LabSettings {
}
