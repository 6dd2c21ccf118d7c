package dev.provision.boot;

import dev.provision.azure.AzureProvider;
import dev.provision.engine.ProviderRegistry;
import dev.provision.lab.LabProvider;
import dev.provision.spec.TargetKind;
import dev.provision.vsphere.VsphereProvider;

import java.nio.file.Path;
import java.util.Map;

/**
 * The composition root: the one place that names every provider this build ships and wires them into the engine's
 * registry. The engine only looks kinds up, so adding a cloud means a provider package and a line here.
 */
public final class Providers {
    private Providers() {}

    /** The providers this build ships, reading secrets from the process environment. */
    public static ProviderRegistry standard(Path specDir) {
        return standard(specDir, System.getenv());
    }

    /** @param env where {@code ${env:...}} secrets are read, at the moment a provider connects */
    public static ProviderRegistry standard(Path specDir, Map<String, String> env) {
        return new ProviderRegistry()
                .register(TargetKind.LAB, target -> LabProvider.open(target, specDir))
                .register(TargetKind.VSPHERE, target -> VsphereProvider.open(target, env))
                .register(TargetKind.AZURE, target -> AzureProvider.open(target, env, specDir));
    }
}
