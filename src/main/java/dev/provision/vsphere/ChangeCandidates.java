package dev.provision.vsphere;

import dev.provision.spec.Glob;
import dev.provision.spec.ResolvedDesiredState;
import dev.provision.spec.SizeRequirement;
import dev.provision.spec.TargetSpec;
import dev.provision.spec.VmSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which VMs a plan may change, judged from the short first read of every VM: only those get their details read
 * (hardware version, guest OS, firmware, Fault Tolerance, Tools, host, hot-add; see {@link InventoryReader}).
 *
 * <p>A VM is settled, and its details stay unread, when nothing a plan could do to it is left: no note of an
 * interrupted apply on it, and for every entry of the target that selects it, nested virtualization already as
 * that entry wants and its size already what that entry's minimums make of it. The test errs on the side of reading:
 * a VM two entries disagree about is read in full, and so is any VM whose sizes an entry asks about but were not
 * reported. It uses the same decisions the rules make ({@link ObservedVms#nestingExposed}, {@link SizeChange}), so
 * a settled VM is one the rules plan as a no-op; the rules still refuse to change a VM whose details are missing.
 *
 * <p>On a fleet that is mostly done this leaves a dozen properties per VM unread: each costs the server milliseconds
 * per thousand VMs to encode, and us to parse.
 */
final class ChangeCandidates {
    /** Reads every VM in full: single-VM reads, and readers that plan nothing. */
    static final ChangeCandidates EVERY_VM = new ChangeCandidates(null);

    private record Entry(VmSelector selector, Glob glob, ResolvedDesiredState want) {
        boolean selects(String vmName) {
            return glob != null ? glob.matches(vmName) : selector.name().equals(vmName);
        }
    }

    /** Null: every VM is a candidate. */
    private final List<Entry> entries;

    private ChangeCandidates(List<Entry> entries) {
        this.entries = entries;
    }

    /**
     * What the target's entries want decides which VMs may change. A target without entries (a spec always has
     * some; a caller that plans its own list may not) gives nothing to judge by: every VM is read in full.
     */
    static ChangeCandidates of(TargetSpec target) {
        if (target.vms().isEmpty()) {
            return EVERY_VM;
        }
        List<Entry> entries = new ArrayList<>();
        for (VmSelector selector : target.vms()) {
            entries.add(new Entry(selector, selector.isPattern() ? Glob.compile(selector.pattern()) : null,
                    selector.overrides().overlay(target.desired()).resolve()));
        }
        return new ChangeCandidates(List.copyOf(entries));
    }

    /** Whether every VM is read in full, in the first call. */
    boolean everyVm() {
        return entries == null;
    }

    /** Whether the first read must carry sizes: some entry asks for one, so sizes decide who is settled. */
    boolean sizesFirst() {
        return entries == null || entries.stream().anyMatch(e -> !e.want().size().equals(SizeRequirement.NONE));
    }

    /** Whether the VM of this name, as the first read saw it ({@code props}), may be changed by a plan. */
    boolean mayChange(String name, Map<String, Object> props) {
        if (entries == null || interrupted(props)) {
            return true;
        }
        boolean exposed = !VmProperties.devicesMatter(props);
        VmSizing sizes = null;
        for (Entry entry : entries) {
            if (!entry.selects(name)) {
                continue;
            }
            if (entry.want().nestedVirtualization() != exposed) {
                return true;
            }
            if (!entry.want().size().equals(SizeRequirement.NONE)) {
                sizes = sizes != null ? sizes : VmProperties.sizing(props, null);
                SizeChange change = SizeChange.wanted(sizes, entry.want().size());
                if (change == null || change.changes()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A note of an apply that stopped half-way: the next plan finishes it, which takes the details. */
    private static boolean interrupted(Map<String, Object> props) {
        Object extraConfig = props.get("config.extraConfig");
        return RestoreMarker.read(VmProperties.extraConfig(extraConfig, RestoreMarker.KEY)) != null
                || RestoreMarker.read(VmProperties.extraConfig(extraConfig, CreateMarker.KEY)) != null;
    }
}
