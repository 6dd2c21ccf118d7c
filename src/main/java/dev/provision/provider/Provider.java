package dev.provision.provider;

import dev.provision.event.EventSink;
import dev.provision.guest.GuestFacts;
import dev.provision.guest.VmContext;
import dev.provision.model.Change;
import dev.provision.provider.ChangeRules;
import dev.provision.spec.GuestSpec;

import java.util.Optional;

/**
 * One target's cloud, as the core sees it. Everything portable (selectors, plans, staleness, parallelism,
 * reports) is built on these methods; everything cloud-specific stays behind them. Every provider passes the
 * same contract suite ({@code ProviderContract} in the tests).
 */
public interface Provider extends AutoCloseable {
    /** Reads every VM of the target, and the target-wide facts its rules need, in as few calls as it can. */
    Inventory read() throws ProviderException, InterruptedException;

    /** The provider's pure planning rules. */
    ChangeRules rules();

    /**
     * Carries out one change: reports steps to {@code events}, respects the change's power-cycle policy, and
     * returns the VM as read back afterwards. On failure the exception says what state the VM was left in.
     */
    ObservedVm apply(Change change, EventSink events) throws ProviderException, InterruptedException;

    /**
     * Runs the read-only guest probe in one VM. The core calls it for many VMs at once (up to --parallelism); a
     * provider bounds that by its cloud's own limits (one Run Command at a time per Azure VM, the vCenter's slots).
     */
    GuestFacts probe(ObservedVm vm, GuestSpec guest) throws ProviderException, InterruptedException;

    /**
     * Opt-in remediation: enables the change's {@code enableFeatures} in the running guest and restarts it,
     * waiting until the guest is back. Idempotent: features already on stay on.
     */
    default void enableFeatures(Change change, EventSink events) throws ProviderException, InterruptedException {
        throw new ProviderException("enabling Windows features in the guest is not available for this kind of "
                + "target yet", "unchanged", null);
    }

    /**
     * What the hypervisor side knows of the VM that the guest rules need to name a cause outside the guest: whether
     * nesting is exposed, and a setting of this cloud that blocks it all the same.
     */
    default VmContext context(ObservedVm vm) {
        return new VmContext(vm.nestedVirtualization(), null);
    }

    /** Size advice, where the cloud sells VM sizes (Azure); empty elsewhere. */
    default Optional<SizeAdvisor> sizeAdvisor() {
        return Optional.empty();
    }

    /** Releases the connection; never throws. */
    @Override
    void close();
}
