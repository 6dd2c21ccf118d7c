package dev.provision.provider;

import dev.provision.spec.InvalidInputException;
import dev.provision.spec.TargetSpec;

/** Opens a provider for one target: resolves its secrets and connects. */
@FunctionalInterface
public interface ProviderFactory {
    /**
     * @throws InvalidInputException when the target's settings cannot work (a secret not set, a CA file unreadable)
     * @throws ProviderException     when the cloud cannot be reached or refuses the login
     */
    Provider open(TargetSpec target) throws InvalidInputException, ProviderException;
}
