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
import dev.provision.spec.VsphereSysprep;
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
    /** Creates planned so far with sysprep's fixed computerName. */
    private int fixedNameClones;

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
        String badName = computerNameProblem(vm);
        if (badName != null) {
            return VsphereRules.refusedCreate(target, vm, badName);
        }
        ResolvedDesiredState want = vm.desired();
        List<String> reasons = new ArrayList<>();
        reasons.add("VM '" + vm.name() + "' does not exist: " + where.describe());
        reasons.add("its config spec sets nestedHVEnabled = " + want.nestedVirtualization() + " and vhv.enable"
                + sizeNote(want.size()) + (where.networkName() == null ? "" : ", and moves its first network "
                + "adapter to " + where.networkName()) + " before its first power-on (no second power cycle)");
        VsphereSysprep sysprep = settings.template().sysprep();
        if (sysprep != null) {
            reasons.add(sysprepNote(sysprep, vm.name()));
        }
        reasons.add("then it is powered on and waited for until VMware Tools runs"
                + (settings.template().customized() ? " and the guest customization has finished" : ""));
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
                + (settings.template() != null && settings.template().customized() ? " and the customization"
                : "")));
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
            if (placement != null && placement.networkName() != null
                    && Integer.valueOf(0).equals(facts.templateNics().get(placement.sourceMoid()))) {
                problems.add(Diagnostic.error(settings.template().at("network"), "template '"
                        + placement.sourceName() + "' has no network adapter, so its clones have none to connect "
                        + "to network '" + placement.networkName() + "': add an adapter to the template, or "
                        + "remove 'network'"));
                placement = null;
            }
        }
        return placement;
    }

    /**
     * Sysprep makes the computer name from the VM's name unless the spec fixes one; Windows takes at most 15
     * characters, so a longer VM name is an error at its entry, found before anything is cloned. A fixed name
     * fits one clone: two creates in one plan would give two computers the same name.
     */
    private String computerNameProblem(DesiredVm vm) {
        VsphereSysprep sysprep = settings.template().sysprep();
        if (sysprep == null) {
            return null;
        }
        if (sysprep.computerName() != null) {
            if (++fixedNameClones == 2) {
                problems.add(Diagnostic.error(sysprep.at("computerName"), "sysprep's computerName '"
                        + sysprep.computerName() + "' would name every clone of this plan the same (VM '"
                        + vm.name() + "' is the second): leave it out to name each clone after its VM"));
            }
            return fixedNameClones < 2 ? null : "computerName '" + sysprep.computerName() + "' is taken by another "
                    + "clone of this plan";
        }
        String problem = VsphereSysprep.computerNameProblem(vm.name());
        if (problem == null) {
            return null;
        }
        String message = "VM '" + vm.name() + "' would be cloned with its name as the Windows computer name, "
                + "which " + problem + ": give the VM a shorter name, or set the template's sysprep.computerName";
        problems.add(Diagnostic.error(vm.location(), message));
        return message;
    }

    /** What the sysprep fields do, for the plan: names and references only, never a secret's value. */
    private static String sysprepNote(VsphereSysprep s, String vmName) {
        List<String> parts = new ArrayList<>();
        parts.add("computer name " + (s.computerName() == null ? vmName : s.computerName()));
        parts.add(s.domain() == null ? "workgroup " + (s.workgroup() == null ? VsphereSysprep.DEFAULT_WORKGROUP
                : s.workgroup()) : "joins domain " + s.domain() + " as " + s.domainUser() + " (password from "
                + s.domainPassword().reference() + ")");
        parts.add("time zone " + s.timeZoneOrDefault());
        parts.add("Administrator password from " + s.adminPassword().reference());
        if (s.autoLogonCount() > 0) {
            parts.add(s.autoLogonCount() + " automatic logon(s)");
        }
        if (s.productKey() != null) {
            parts.add("product key from " + s.productKey().reference());
        }
        parts.add("DHCP on every adapter");
        return "Windows sysprep from the spec: " + String.join(", ", parts);
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
