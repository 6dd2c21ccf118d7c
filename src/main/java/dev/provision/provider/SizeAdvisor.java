package dev.provision.provider;

/**
 * What a provider whose cloud sells VM sizes can say about them: which sizes of a region can run nested
 * virtualization for this target, best first, and why every other one cannot. Optional: a provider offers it
 * through {@link Provider#sizeAdvisor()}.
 */
@FunctionalInterface
public interface SizeAdvisor {
    /** Reads the region's sizes and quotas (or their cached list) and judges them as a create would; changes nothing. */
    SizeAdvice advise(SizeQuery query) throws ProviderException, InterruptedException;
}
