package dev.provision.vsphere;

import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.OptionValue;
import com.vmware.vim25.VirtualMachineConfigSpec;
import dev.provision.provider.Lease;
import dev.provision.provider.LeaseHeldException;
import dev.provision.provider.LeaseKeeper;
import dev.provision.provider.LeaseOwner;
import dev.provision.provider.LeaseTerm;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Leases on vSphere: an extraConfig entry on the VM, taken with a compare-and-set. The reconfigure that writes it
 * carries the {@code config.changeVersion} read just before; vCenter refuses it with ConcurrentAccess when the VM's
 * configuration changed since, so of two applies that read the same version only one can write its lease. The
 * loser reads the VM again and finds the winner's lease.
 *
 * <p>A {@code guestinfo.} key, like {@link RestoreMarker}, because ESXi accepts those in a reconfigure of a running
 * VM: the lease is taken before anything disruptive (the shutdown). An empty value removes it on ESXi; vcsim keeps
 * an empty duplicate, which reads as no lease.
 */
final class VsphereLeases {
    static final String KEY = "guestinfo.provision.lease";
    /** Another change of the VM between our read and our write that left no lease: read and try again. */
    private static final int ATTEMPTS = 3;

    private final VsphereConnection connection;
    private final VmOperations vms;
    private final LeaseOwner owner;
    private final Clock clock;
    private final LeaseTerm term;

    VsphereLeases(VsphereConnection connection, VmOperations vms, LeaseOwner owner, Clock clock, LeaseTerm term) {
        this.connection = connection;
        this.vms = vms;
        this.owner = owner;
        this.clock = clock;
        this.term = term;
    }

    /**
     * Takes the lease on {@code vm} or throws {@link LeaseHeldException} naming whoever holds it; an expired lease is
     * taken over with a word to {@code progress}. The keeper renews it until it is closed, which releases it.
     */
    LeaseKeeper take(VsphereVm vm, Consumer<String> progress) throws LeaseHeldException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            Map<String, Object> props = connection.withSession("reading the lease of " + vm.moid(),
                    (vim, content) -> ObjectProperties.read(vim, content, mor(vm.moid()), "config.changeVersion",
                            "config.extraConfig"));
            Lease found = Lease.parse(VmProperties.extraConfig(props.get("config.extraConfig"), KEY));
            Instant now = clock.instant();
            Lease.admit(vm.name(), found, owner, now, progress);
            VirtualMachineConfigSpec spec = leaseSpec(Lease.of(owner, now, term).text());
            spec.setChangeVersion((String) props.get("config.changeVersion"));
            try {
                vms.reconfigure(vm.moid(), spec, "taking the lease");
                return new LeaseKeeper(store(vm.moid()), owner, clock, term, progress);
            } catch (VsphereException.ChangedMeanwhile e) {
                if (attempt == ATTEMPTS) {
                    throw new VsphereException.ChangedMeanwhile("the VM kept changing while its lease was taken ("
                            + ATTEMPTS + " attempts): " + e.getMessage());
                }
            }
        }
    }

    /** Renewals and the release need no compare-and-set: the lease is ours. */
    private LeaseKeeper.Store store(String moid) {
        return new LeaseKeeper.Store() {
            @Override
            public void write(Lease lease) throws InterruptedException {
                vms.reconfigure(moid, leaseSpec(lease.text()), "renewing the lease");
            }

            @Override
            public void clear() throws InterruptedException {
                vms.reconfigure(moid, leaseSpec(""), "releasing the lease");
            }
        };
    }

    private static VirtualMachineConfigSpec leaseSpec(String value) {
        VirtualMachineConfigSpec spec = new VirtualMachineConfigSpec();
        spec.setExtraConfig(new OptionValue[] {ExtraConfig.entry(KEY, value)});
        return spec;
    }

    private static ManagedObjectReference mor(String moid) {
        return VsphereConnection.mor("VirtualMachine", moid);
    }
}
