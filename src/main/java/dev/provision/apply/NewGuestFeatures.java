package dev.provision.apply;

import dev.provision.model.Change;
import dev.provision.provider.ObservedVm;
import dev.provision.provider.Provider;
import dev.provision.provider.ProviderException;

import java.util.List;

/**
 * What the executor asks after creating a VM whose plan promised its guest features
 * ({@link Change#featuresAfterCreate()}): the features its wanted checks need and the new guest lacks. The executor
 * only walks the plan; which checks a VM wants and how to reach its guest belong to the spec, so the engine answers.
 */
@FunctionalInterface
public interface NewGuestFeatures {
    /** Probes the new guest (read-only) through {@code provider}; empty when it needs nothing. */
    List<String> missing(Provider provider, Change change, ObservedVm created)
            throws ProviderException, InterruptedException;

    /** For applies whose plan has no such create. */
    NewGuestFeatures NONE = (provider, change, created) -> {
        throw new ProviderException("no desired state to probe the new guest " + change.address() + " against",
                "created; guest features not enabled: the next apply enables them", null);
    };
}
