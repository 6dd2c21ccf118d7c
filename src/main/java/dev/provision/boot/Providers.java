package dev.provision.boot;

import dev.provision.azure.AzureProvider;
import dev.provision.engine.ProviderRegistry;
import dev.provision.provider.ProviderException;
import dev.provision.rehearsal.EmbeddedArm;
import dev.provision.rehearsal.lab.LabProvider;
import dev.provision.spec.InvalidInputException;
import dev.provision.spec.TargetKind;
import dev.provision.spec.TargetSpec;
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
                .register(TargetKind.LAB, target -> LabProvider.open(target, specDir, env))
                .register(TargetKind.VSPHERE, target -> VsphereProvider.open(target, env))
                .register(TargetKind.AZURE, target -> azure(target, env, specDir));
    }

    /**
     * An Azure target's provider: the cloud it names, or with {@code cloud: emulator} the real Azure code path
     * against the rehearsal's embedded emulator (kept beside the spec in {@code specDir}).
     */
    public static AzureProvider azure(TargetSpec target, Map<String, String> env, Path specDir)
            throws InvalidInputException, ProviderException {
        return target.connection().isRehearsal() ? EmbeddedArm.open(target, specDir, env)
                : AzureProvider.open(target, env);
    }
}
