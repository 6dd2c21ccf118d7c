package dev.provision.engine;

import dev.provision.provider.ProviderFactory;
import dev.provision.spec.InvalidInputException;
import dev.provision.spec.TargetKind;
import dev.provision.spec.TargetSpec;

import java.util.EnumMap;
import java.util.Map;

/**
 * Which provider serves which kind of target. The engine only looks kinds up here: which providers a build ships is
 * wired by the composition root ({@code boot}), and tests register their own factories.
 */
public final class ProviderRegistry {
    private final Map<TargetKind, ProviderFactory> factories = new EnumMap<>(TargetKind.class);

    public ProviderRegistry register(TargetKind kind, ProviderFactory factory) {
        factories.put(kind, factory);
        return this;
    }

    ProviderFactory factoryFor(TargetSpec target) throws InvalidInputException {
        ProviderFactory factory = factories.get(target.kind());
        if (factory == null) {
            throw new InvalidInputException(target.location(), "targets of kind '" + target.kind().key()
                    + "' are not supported by this build of provision yet");
        }
        return factory;
    }
}
