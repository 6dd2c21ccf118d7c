package dev.provision.vsphere;

import dev.provision.model.Action;
import dev.provision.model.Change;
import dev.provision.model.DesiredVm;
import dev.provision.provider.ObservedVm;
import dev.provision.provider.PowerState;
import dev.provision.spec.Diagnostic;
import dev.provision.spec.ResolvedDesiredState;
import dev.provision.spec.SizeRequirement;
import dev.provision.spec.TargetSpec;
import dev.provision.spec.VsphereSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Planning the creates of one target: a VM named in the spec that the inventory lacks is cloned from the target's
 * template, and a VM an earlier apply cloned but did not finish (it carries {@link CreateMarker}) is finished, never
 * cloned again. Pure, like the rest of the rules. The placement is resolved once per plan; every name in the
 * template block that resolves to nothing is collected in {@code problems}, at the line it was written on.
 */
final class ClonePlan {
    /** Keys of a create's after-state beyond nestedVirtualization and power: what the executor passes to apply. */
    static final String CPUS = "vcpus";
    static final String MEMORY_MIB = "memoryMiB";

    private final TargetSpec target;
    private final VsphereSettings settings;
    private final VsphereFacts facts;
    private final List<Diagnostic> problems;
    private ClonePlacement placement;
    private boolean resolved;

    ClonePlan(TargetSpec target, VsphereFacts facts, List<Diagnostic> problems) {
        this.target = target;
        this.settings = (VsphereSettings) target.connection();
        this.facts = facts;
        this.problems = problems;
    }

    /** A create for a VM the inventory lacks, or null when the target has no template (the caller refuses). */
    Change create(DesiredVm vm) {
        if (settings.template() == null) {
            return null;
        }
        ClonePlacement where = placement();
        if (where == null) {
            return VsphereRules.refusedCreate(target, vm, "the template block names what the inventory lacks");
        }
        ResolvedDesiredState want = vm.desired();
        List<String> reasons = new ArrayList<>();
        reasons.add("VM '" + vm.name() + "' does not exist: " + where.describe());
        reasons.add("its config spec sets nestedHVEnabled = " + want.nestedVirtualization() + " and vhv.enable"
                + sizeNote(want.size()) + " before its first power-on (no second power cycle)");
        reasons.add("then it is powered on and waited for until VMware Tools runs"
                + (where.customizationSpec() == null ? "" : " and the guest customization has finished"));
        return new Change(target.name(), vm.name(), Action.CREATE, List.of(), reasons, Map.of(), after(want),
                null, want.powerCycle(), want.shutdownTimeout());
    }

    /**
     * An earlier apply's clone that still carries its marker: powered on, waited for, its marker removed. Its
     * nesting setting is fixed too while it is still off, so the finished VM is what a whole create makes.
     */
    Change finish(DesiredVm vm, ObservedVm found) {
        ResolvedDesiredState want = vm.desired();
        List<String> reasons = List.of("an earlier apply cloned this VM but was interrupted before it finished "
                + "(the VM carries " + CreateMarker.KEY + " = " + found.property(ObservedVms.CREATE_MARKER)
                + "): this apply finishes the create instead of cloning again", "it is "
                + (found.power().isRunning() ? "running; provision waits for VMware Tools and the customization"
                : "off; provision " + (found.nestedVirtualization() == want.nestedVirtualization() ? ""
                : "sets nested virtualization, ") + "powers it on and waits for VMware Tools"
                + (settings.template() != null && settings.template().customizationSpec() != null
                ? " and the customization" : "")));
        Map<String, Object> after = new TreeMap<>();
        after.put("nestedVirtualization", found.power().isRunning() ? found.nestedVirtualization()
                : want.nestedVirtualization());
        after.put("power", PowerState.ON.key());
        return new Change(target.name(), vm.name(), Action.CREATE, List.of(), reasons, found.describe(), after,
                found.power() == PowerState.ON || found.power() == PowerState.OFF ? null
                        : dev.provision.model.Blocked.refused("the half-made clone is " + found.power().key()
                        + ": power it off or on yourself, then plan again"),
                want.powerCycle(), want.shutdownTimeout());
    }

    private ClonePlacement placement() {
        if (!resolved) {
            resolved = true;
            String scopeFolder = facts.scope() == null ? settings.folder() : facts.scope().folderPath();
            placement = ClonePlacement.resolve(settings.template(), facts.placements(), settings.datacenter(),
                    scopeFolder, problems);
        }
        return placement;
    }

    private static Map<String, Object> after(ResolvedDesiredState want) {
        Map<String, Object> after = new TreeMap<>();
        after.put("nestedVirtualization", want.nestedVirtualization());
        after.put("power", PowerState.ON.key());
        return after;
    }

    private static String sizeNote(SizeRequirement size) {
        List<String> parts = new ArrayList<>();
        if (size.minVcpusOrZero() > 0) {
            parts.add("numCPUs = " + size.minVcpusOrZero());
        }
        if (size.minMemoryGiBOrZero() > 0) {
            parts.add("memoryMB = " + size.minMemoryGiBOrZero() * 1024L);
        }
        return parts.isEmpty() ? "" : ", " + String.join(", ", parts) + " (the desired minimums)";
    }
}
