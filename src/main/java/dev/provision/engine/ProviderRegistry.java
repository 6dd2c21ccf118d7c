package dev.provision.engine;

import dev.provision.azure.AzureProvider;
import dev.provision.lab.LabProvider;
import dev.provision.provider.ProviderFactory;
import dev.provision.spec.InvalidInputException;
import dev.provision.spec.TargetKind;
import dev.provision.vsphere.VsphereProvider;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/** Which provider serves which kind of target. Tests register their own factories. */
public final class ProviderRegistry {
    private final Map<TargetKind, ProviderFactory> factories = new EnumMap<>(TargetKind.class);

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

    public ProviderRegistry register(TargetKind kind, ProviderFactory factory) {
        factories.put(kind, factory);
        return this;
    }

    ProviderFactory factoryFor(dev.provision.spec.TargetSpec target) throws InvalidInputException {
        ProviderFactory factory = factories.get(target.kind());
        if (factory == null) {
            throw new InvalidInputException(target.location(), "targets of kind '" + target.kind().key()
                    + "' are not supported by this build of provision yet");
        }
        return factory;
    }
}
