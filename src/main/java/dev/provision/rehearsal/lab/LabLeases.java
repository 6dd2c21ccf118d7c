package dev.provision.rehearsal.lab;

import dev.provision.provider.Lease;
import dev.provision.provider.LeaseHeldException;
import dev.provision.provider.LeaseKeeper;
import dev.provision.provider.LeaseOwner;
import dev.provision.provider.LeaseTerm;
import dev.provision.provider.ProviderException;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Leases in the lab: a {@code lease} beside the VM in the lab's state file, taken with the state file's
 * compare-and-set ({@link LabState#swapLease}), so that of two applies in two processes only one holds a VM. The
 * same semantics as the clouds' leases: another run's live lease refuses the VM, an expired one is taken over with
 * a word, the lease is renewed while the change runs and removed when it ends.
 */
final class LabLeases {
    private final LabState state;
    private final LeaseOwner owner;
    private final Clock clock;
    private final LeaseTerm term;

    LabLeases(LabState state, LeaseOwner owner, Clock clock, LeaseTerm term) {
        this.state = state;
        this.owner = owner;
        this.clock = clock;
        this.term = term;
    }

    /**
     * Takes the lease on {@code vm} or throws {@link LeaseHeldException} naming whoever holds it; an expired lease is
     * taken over with a word to {@code progress}. The keeper renews it until it is closed, which releases it.
     */
    LeaseKeeper take(String vm, Consumer<String> progress) throws ProviderException {
        Instant now = clock.instant();
        Lease found = state.swapLease(vm, Lease.of(owner, now, term), lease -> lease.refuses(owner, now));
        Lease.admit(vm, found, owner, now, progress);
        return new LeaseKeeper(store(vm), owner, clock, term, progress);
    }

    /**
     * Renewals and the release write only over a lease of ours: should ours have run out and another run taken the
     * VM over, that run's lease stands, and the keeper says the renewal failed.
     */
    private LeaseKeeper.Store store(String vm) {
        return new LeaseKeeper.Store() {
            @Override
            public void write(Lease lease) throws ProviderException {
                requireOurs(vm, state.swapLease(vm, lease, LabLeases.this::notOurs));
            }

            @Override
            public void clear() throws ProviderException {
                requireOurs(vm, state.swapLease(vm, null, LabLeases.this::notOurs));
            }
        };
    }

    private boolean notOurs(Lease lease) {
        return !lease.heldBy(owner);
    }

    private void requireOurs(String vm, Lease found) throws ProviderException {
        if (found != null && notOurs(found)) {
            throw new ProviderException("another apply took over the lease on " + vm + " (" + found.describe() + ")");
        }
    }
}
