package dev.provision.azure;

import dev.provision.azure.sizing.NestedSupport;
import dev.provision.azure.sizing.NestedVirtualizationCatalog;
import dev.provision.azure.sizing.SeriesFacts;
import dev.provision.azure.sizing.SizeRequest;
import dev.provision.azure.sizing.SizeSelection;
import dev.provision.azure.sizing.VmSizeSelector;
import dev.provision.azure.sizing.VmSku;
import dev.provision.model.Action;
import dev.provision.model.Blocked;
import dev.provision.model.Change;
import dev.provision.provider.ChangeRules;
import dev.provision.model.DesiredVm;
import dev.provision.model.Disruption;
import dev.provision.model.PlanWarning;
import dev.provision.model.TargetPlan;
import dev.provision.plan.PowerCycleRules;
import dev.provision.provider.Inventory;
import dev.provision.provider.ObservedVm;
import dev.provision.provider.PowerState;
import dev.provision.spec.AzureSettings;
import dev.provision.spec.AzureVmTemplate;
import dev.provision.spec.PowerCyclePolicy;
import dev.provision.spec.ResolvedDesiredState;
import dev.provision.spec.SizeRequirement;
import dev.provision.spec.TargetSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Azure's planning rules, pure. Missing VMs are created with the size the selector picks for the whole batch;
 * VMs whose size is too small or cannot nest are resized — in place when the new size is on the VM's hardware
 * cluster (Azure restarts a running VM to do it), else deallocate, resize, start; a deallocated VM is resized and
 * left deallocated. Quota is judged for creates and resizes together, so an exhausted quota is in the plan, not
 * discovered half-way through an apply. Trusted Launch VMs get a warning; their replacement is refused (see
 * {@link #replaceRefusal}).
 */
public final class AzureRules implements ChangeRules {
    static final String MANAGED_BY_TAG = "managed-by";
    static final String MANAGED_BY_VALUE = "provision";

    private final NestedVirtualizationCatalog catalog;
    private final VmSizeSelector selector;

    public AzureRules(NestedVirtualizationCatalog catalog) {
        this.catalog = catalog;
        this.selector = new VmSizeSelector(catalog);
    }

    /** One VM's need after the first look, before sizes are picked for the batch. */
    private static final class Need {
        final DesiredVm vm;
        final ObservedVm current;
        final List<String> problems;
        /** The note an interrupted apply left on the VM, or null. */
        RestoreMarker marker;
        SizeRequest request;
        String refusal;
        SizeSelection selection;

        Need(DesiredVm vm, ObservedVm current, List<String> problems) {
            this.vm = vm;
            this.current = current;
            this.problems = problems;
        }

        boolean isCreate() {
            return current == null;
        }

        /** Will hold the new size's cores once applied now (creates; resizes of allocated VMs not held back). */
        boolean takesCores() {
            if (isCreate()) {
                return true;
            }
            PowerState power = current.power();
            return (power != PowerState.DEALLOCATED || owesStart()) && !heldBack();
        }

        /** An interrupted apply left the VM out of the running state the user had: this change starts it again. */
        boolean owesStart() {
            return marker != null && marker.owed().isRunning() && !current.power().isRunning();
        }

        boolean heldBack() {
            return current != null && current.power().isRunning()
                    && vm.desired().powerCycle() == PowerCyclePolicy.NEVER;
        }
    }

    @Override
    public TargetPlan plan(TargetSpec target, Inventory observed, List<DesiredVm> desired) {
        AzureSettings azure = (AzureSettings) target.connection();
        AzureFacts facts = (AzureFacts) observed.targetFacts();
        List<PlanWarning> warnings = new ArrayList<>();
        if (azure.isRehearsal()) {
            warnings.add(PlanWarning.forTarget(target.name(), "local rehearsal: cloud: emulator runs the real Azure "
                    + "code path against provision's embedded ARM emulator; nothing in Azure is read or changed"));
        }
        Map<String, Change> decided = new LinkedHashMap<>();
        List<Need> sized = new ArrayList<>();
        for (DesiredVm vm : desired) {
            Optional<ObservedVm> current = observed.vm(vm.name());
            if (current.isEmpty()) {
                Need need = new Need(vm, null, facts.nicLeftByCreate(vm.name()) ? List.of("VM does not exist",
                        "create interrupted after the NIC: " + VmNames.nic(vm.name()) + " exists (tag "
                                + CreateMarker.TAG + ") but no VM was made; this apply creates the VM on it")
                        : List.of("VM does not exist"));
                need.refusal = createRefusal(azure, facts);
                need.request = need.refusal == null ? createRequest(azure.template(), vm.desired()) : null;
                sized.add(need);
                continue;
            }
            ObservedVm vmNow = current.get();
            if (vmNow.property(VmProperties.CREATE_INTERRUPTED) != null) {
                decided.put(vm.name(), finishCreate(target, azure, facts, vm, vmNow));
                continue;
            }
            if (vmNow.property(VmProperties.PROVISIONING_STATE) != null
                    && vmNow.property(VmProperties.RESTORE_POWER) == null) {
                warnings.add(new PlanWarning(target.name(), vm.name(), failedWarning(azure, vm.name())));
            }
            boolean trustedLaunch = VmProperties.TRUSTED_LAUNCH.equals(vmNow.property(VmProperties.SECURITY_TYPE));
            boolean nested = vm.desired().nestedVirtualization();
            if (trustedLaunch && nested) {
                warnings.add(new PlanWarning(target.name(), vm.name(), trustedLaunchWarning(vm.desired())));
            }
            Optional<VmSku> sku = facts.sku(vmNow.property(VmProperties.SIZE));
            if (nested && sku.isPresent() && catalog.lookup(sku.get().family()).support() == NestedSupport.UNKNOWN) {
                warnings.add(new PlanWarning(target.name(), vm.name(), "size " + sku.get().name() + " is of family "
                        + sku.get().family() + ", which the nested-virtualization catalog does not cover: nested "
                        + "support is unknown, not guessed, and the VM is not resized for it; the guest checks "
                        + "will tell, or set size.exact / size.preferred to a documented series"));
            }
            if (trustedLaunch && nested && vm.desired().replaceTrustedLaunch()) {
                decided.put(vm.name(), replaceRefusal(target, vm, vmNow));
                continue;
            }
            List<String> problems = SizeNeeds.problems(vmNow.property(VmProperties.SIZE), sku, vm.desired(), catalog,
                    facts.location());
            Optional<RestoreMarker> marker = restoreMarker(target, vmNow, warnings);
            boolean settled = vmNow.power() != PowerState.UNKNOWN && vmNow.power() != PowerState.SUSPENDED;
            if (problems.isEmpty() && (marker.isEmpty() || !settled)) {
                decided.put(vm.name(), noOp(target, vm, vmNow));
            } else if (problems.isEmpty()) {
                decided.put(vm.name(), finishInterrupted(target, vm, vmNow, marker.get()));
            } else if (!settled) {
                decided.put(vm.name(), refused(target, vm, vmNow, Action.UPDATE, problems, "VM is in power state "
                        + vmNow.power().key() + ": plan again when it has settled (running, stopped or deallocated)"));
            } else {
                Need need = new Need(vm, vmNow, problems);
                need.marker = marker.orElse(null);
                need.request = resizeRequest(vmNow, vm.desired());
                sized.add(need);
            }
        }
        pickSizes(sized, facts);
        for (Need need : sized) {
            decided.put(need.vm.name(), need.isCreate() ? create(target, azure, facts, need)
                    : resize(target, facts, need));
            passedOver(need).forEach(why -> warnings.add(new PlanWarning(target.name(), need.vm.name(), why)));
        }
        List<Change> changes = new ArrayList<>();
        for (DesiredVm vm : desired) {
            changes.add(decided.get(vm.name()));
        }
        return new TargetPlan(changes, warnings);
    }

    /**
     * Groups VMs that ask for the same thing and picks one size per group against what the batch leaves free. A group
     * that no size can hold whole is placed VM by VM, in the spec's order: 6 free cores still make one 4-vCPU VM, and
     * the next is refused for the cores it lacks rather than all of them for the batch's total.
     */
    private void pickSizes(List<Need> needs, AzureFacts facts) {
        QuotaLedger ledger = new QuotaLedger(facts.usages());
        Map<SizeRequest, List<Need>> groups = new LinkedHashMap<>();
        for (Need need : needs) {
            if (need.request == null) {
                continue;
            }
            groups.computeIfAbsent(need.request, r -> new ArrayList<>()).add(need);
            if (!need.isCreate() && need.takesCores()) {
                facts.sku(need.current.property(VmProperties.SIZE)).ifPresent(ledger::release);
            }
        }
        for (Map.Entry<SizeRequest, List<Need>> group : groups.entrySet()) {
            int count = (int) group.getValue().stream().filter(Need::takesCores).count();
            SizeRequest r = group.getKey();
            SizeSelection selection = select(r, count, facts, ledger);
            if (selection.best().isPresent() || count <= 1) {
                selection.best().ifPresent(best -> ledger.take(best, count));
                group.getValue().forEach(need -> need.selection = selection);
                continue;
            }
            for (Need need : group.getValue()) {
                int one = need.takesCores() ? 1 : 0;
                need.selection = select(r, one, facts, ledger);
                need.selection.best().ifPresent(best -> ledger.take(best, one));
                if (need.selection.best().isEmpty() && !need.isCreate() && need.takesCores()) {
                    // Refused: the VM keeps its old size and the cores given back above.
                    facts.sku(need.current.property(VmProperties.SIZE)).ifPresent(old -> ledger.take(old, 1));
                }
            }
        }
    }

    private SizeSelection select(SizeRequest r, int count, AzureFacts facts, QuotaLedger ledger) {
        return selector.select(new SizeRequest(r.minVcpus(), r.minMemoryGiB(), r.exact(), r.preferred(), r.allowAmd(),
                r.hyperVGeneration(), r.zones(), r.premiumStorage(), count), facts.location(), facts.skus(),
                ledger.usages());
    }

    /**
     * What {@code provision sizes} judges for this target: the same request a create would make (the template's
     * image generation, zones and OS disk, the desired size with its pin and preferences), so that both agree.
     */
    static SizeRequest sizesRequest(AzureSettings azure, ResolvedDesiredState desired, int count) {
        AzureVmTemplate template = azure.template();
        if (template == null) {
            SizeRequirement size = desired.size();
            return new SizeRequest(size.minVcpusOrZero(), size.minMemoryGiBOrZero(), size.exact(), size.preferred(),
                    Boolean.TRUE.equals(size.allowAmd()), null, List.of(), true, count);
        }
        SizeRequest r = createRequest(template, desired);
        return new SizeRequest(r.minVcpus(), r.minMemoryGiB(), r.exact(), r.preferred(), r.allowAmd(),
                r.hyperVGeneration(), r.zones(), r.premiumStorage(), count);
    }

    /** The command that lists every size's reason for this target, as it must be typed. */
    static String sizesCommand(TargetSpec target) {
        String file = target.location().file();
        return "provision sizes --spec " + (file.contains(" ") ? "\"" + file + "\"" : file) + " --target "
                + target.name();
    }

    private static SizeRequest createRequest(AzureVmTemplate template, ResolvedDesiredState desired) {
        SizeRequirement size = desired.size();
        String osDisk = template.osDiskType() == null ? "Premium_LRS" : template.osDiskType();
        return new SizeRequest(size.minVcpusOrZero(), size.minMemoryGiBOrZero(), size.exact(), size.preferred(),
                Boolean.TRUE.equals(size.allowAmd()), ImageGeneration.of(template.image(), securityType(template)),
                template.zones(), osDisk.startsWith("Premium"), 0);
    }

    private static SizeRequest resizeRequest(ObservedVm vm, ResolvedDesiredState desired) {
        SizeRequirement size = desired.size();
        String zones = vm.property(VmProperties.ZONES);
        String osDisk = vm.property(VmProperties.OS_DISK_TYPE);
        return new SizeRequest(size.minVcpusOrZero(), size.minMemoryGiBOrZero(), size.exact(), size.preferred(),
                Boolean.TRUE.equals(size.allowAmd()), vm.property(VmProperties.HYPERV_GENERATION),
                zones == null || zones.isEmpty() ? List.of() : Arrays.asList(zones.split(",")),
                osDisk != null && osDisk.startsWith("Premium"), 0);
    }

    static String securityType(AzureVmTemplate template) {
        return template.securityType() == null ? VmProperties.STANDARD : template.securityType();
    }

    private static String createRefusal(AzureSettings azure, AzureFacts facts) {
        if (azure.template() == null) {
            return "the azure block has no template, so provision cannot make this VM: add azure.template "
                    + "(image, adminUsername, adminPassword, subnet), or create the VM yourself";
        }
        if (!facts.resourceGroupExists()) {
            return "resource group " + azure.resourceGroup() + " does not exist: create it first (provision "
                    + "manages VMs, not resource groups)";
        }
        return null;
    }

    private Change create(TargetSpec target, AzureSettings azure, AzureFacts facts, Need need) {
        if (need.refusal != null) {
            return Change.refused(target.name(), need.vm, Action.CREATE, need.problems, Map.of(), need.refusal);
        }
        Optional<VmSku> best = need.selection.best();
        if (best.isEmpty()) {
            return Change.refused(target.name(), need.vm, Action.CREATE, need.problems, Map.of(),
                    need.selection.nothingQualifies(sizesCommand(target)));
        }
        AzureVmTemplate template = azure.template();
        VmSku size = best.get();
        String security = securityType(template);
        String osDisk = template.osDiskType() == null ? "Premium_LRS" : template.osDiskType();
        List<String> reasons = new ArrayList<>(need.problems);
        reasons.add(sizeReason(size, need));
        reasons.add("security type " + security + (VmProperties.STANDARD.equals(security)
                ? " (nested virtualization is documented as unsupported under Trusted Launch)" : ""));
        reasons.add("OS disk " + VmNames.osDisk(need.vm.name()) + " (" + osDisk + "), NIC " + VmNames.nic(need.vm.name())
                + (Boolean.TRUE.equals(template.publicIp()) ? ", public IP " + VmNames.publicIp(need.vm.name())
                : ", no public IP") + "; tagged " + MANAGED_BY_TAG + ": " + MANAGED_BY_VALUE);
        Map<String, Object> after = sizeFacts(size);
        after.put(VmProperties.POWER, PowerState.ON.key());
        after.put(VmProperties.SECURITY_TYPE, security);
        after.put(VmProperties.LOCATION, facts.location());
        return Change.create(target.name(), need.vm, reasons, after);
    }

    /**
     * The VM a create cut short left ({@link CreateMarker}): finished by the same PUTs (same names, so nothing is
     * duplicated), a start when it is not running, and the wait for its first boot. It keeps the size it was made
     * with (its cores are already in the usages); should that no longer fit the spec, the next plan resizes it.
     */
    private Change finishCreate(TargetSpec target, AzureSettings azure, AzureFacts facts, DesiredVm vm,
                                ObservedVm current) {
        boolean failed = current.property(VmProperties.PROVISIONING_STATE) != null;
        List<String> reasons = new ArrayList<>();
        reasons.add("create interrupted: VM " + vm.name() + (failed ? " exists in provisioningState Failed (its "
                + "create failed in Azure)" : " exists, its first boot was not confirmed") + " (tag "
                + CreateMarker.TAG + " left by " + current.property(VmProperties.CREATE_INTERRUPTED) + ")");
        if (azure.template() == null) {
            return refused(target, vm, current, Action.CREATE, reasons, createRefusal(azure, facts));
        }
        reasons.add("this apply finishes it: the NIC " + VmNames.nic(vm.name()) + " and the VM (OS disk "
                + VmNames.osDisk(vm.name()) + ") are PUT again under the same names, so nothing is duplicated; "
                + "started if it is not running; then it waits for the first boot");
        Map<String, Object> after = new TreeMap<>();
        facts.sku(current.property(VmProperties.SIZE)).ifPresentOrElse(sku -> after.putAll(sizeFacts(sku)),
                () -> after.put(VmProperties.SIZE, current.property(VmProperties.SIZE)));
        after.put(VmProperties.POWER, PowerState.ON.key());
        after.put(VmProperties.SECURITY_TYPE, current.property(VmProperties.SECURITY_TYPE));
        after.put(VmProperties.LOCATION, current.property(VmProperties.LOCATION));
        return Change.planned(target.name(), vm, Action.CREATE, List.of(), reasons, current.describe(), after, null);
    }

    private static String failedWarning(AzureSettings azure, String vm) {
        return "provisioningState is Failed: Azure's last operation on this VM failed, and it carries no marker of "
                + "an interrupted provision change (" + CreateMarker.TAG + ", " + RestoreMarker.TAG + "), so "
                + "provision does not finish it; see why with 'az vm show -g "
                + azure.resourceGroup() + " -n " + vm + " --query provisioningState' and the activity log";
    }

    private Change resize(TargetSpec target, AzureFacts facts, Need need) {
        ResolvedDesiredState d = need.vm.desired();
        ObservedVm vm = need.current;
        Optional<VmSku> best = need.selection.best();
        if (best.isEmpty()) {
            return refused(target, need.vm, vm, Action.UPDATE, need.problems,
                    need.selection.nothingQualifies(sizesCommand(target)));
        }
        VmSku size = best.get();
        List<String> reasons = new ArrayList<>(need.problems);
        reasons.add(sizeReason(size, need));
        Map<String, Object> after = sizeFacts(size);
        List<Disruption> disruption;
        Blocked blocked = null;
        PowerState power = vm.power();
        Set<String> onCluster = facts.availableSizesOf(vm.name());
        boolean inPlace = onCluster != null && onCluster.contains(size.name().toLowerCase(Locale.ROOT));
        if (need.owesStart()) {
            // Whatever powerCycle says: the start only gives back the state the user left the VM in.
            after.put(VmProperties.POWER, PowerState.ON.key());
            reasons.add(0, need.marker.interrupted(power) + ", will be resized and started (the power state it "
                    + "was left in), whatever powerCycle says");
            disruption = power == PowerState.OFF && !inPlace ? List.of(Disruption.DEALLOCATE) : List.of();
            return Change.update(target.name(), need.vm, disruption, reasons, vm.describe(), after, null);
        }
        if (need.marker != null) {
            reasons.add(0, need.marker.interrupted(power) + ": the VM is " + power.key() + " again; its restore "
                    + "marker is removed once this change is done");
        }
        if (power == PowerState.DEALLOCATED) {
            disruption = List.of();
            after.put(VmProperties.POWER, power.key());
            reasons.add("VM is deallocated: resized without starting it, left deallocated");
        } else if (inPlace) {
            disruption = power.isRunning() ? List.of(Disruption.REBOOT) : List.of();
            after.put(VmProperties.POWER, power.key());
            reasons.add(size.name() + " is offered on the VM's current hardware: resized in place"
                    + (power.isRunning() ? "; Azure restarts the running VM to do it" : ", left " + power.key()));
            blocked = PowerCycleRules.blockFor(power, d.powerCycle(), "VM is running and Azure restarts it to "
                    + "resize; powerCycle 'never' does not allow that: stop it, or set powerCycle to 'graceful' or "
                    + "'force'");
        } else {
            disruption = List.of(Disruption.DEALLOCATE);
            PowerState end = power.isRunning() ? PowerState.ON : PowerState.DEALLOCATED;
            after.put(VmProperties.POWER, end.key());
            reasons.add((onCluster == null ? "the VM's hardware-cluster sizes were not read"
                    : size.name() + " is not offered on the VM's current hardware cluster")
                    + ": deallocate, resize" + (power.isRunning() ? ", start again (its temporary disk and any "
                    + "dynamic public IP are released)" : ", left deallocated (it was stopped, not running)"));
            blocked = PowerCycleRules.blockFor(power, d.powerCycle(), "VM is running and must be deallocated to "
                    + "resize; powerCycle 'never' does not allow that: deallocate it, or set powerCycle to "
                    + "'graceful' or 'force'");
        }
        return Change.update(target.name(), need.vm, disruption, reasons, vm.describe(), after, blocked);
    }

    /**
     * The restore marker an interrupted apply left on the VM; a tag of that name that is not a marker (edited by
     * hand) gets a warning and is otherwise left alone: no power state is guessed from it.
     */
    private static Optional<RestoreMarker> restoreMarker(TargetSpec target, ObservedVm vm, List<PlanWarning> warnings) {
        String text = vm.property(VmProperties.RESTORE_POWER);
        Optional<RestoreMarker> marker = RestoreMarker.parse(text);
        if (text != null && marker.isEmpty()) {
            AzureSettings azure = (AzureSettings) target.connection();
            warnings.add(new PlanWarning(target.name(), vm.name(), "tag " + RestoreMarker.TAG + " = '" + text
                    + "' is not a restore marker provision wrote: it is left alone; remove it with 'az vm update -g "
                    + azure.resourceGroup() + " -n " + vm.name() + " --remove tags." + RestoreMarker.TAG + "'"));
        }
        return marker;
    }

    /**
     * A VM of the right size that an interrupted apply left with its restore marker: it gets back the power state
     * the marker names, whatever {@code powerCycle} says (that only restores what the user had), and the marker is
     * removed. A feature step cut short is finished by the guest remediation the plan adds after probing the guest
     * again; this change says so.
     */
    private static Change finishInterrupted(TargetSpec target, DesiredVm vm, ObservedVm current,
                                            RestoreMarker marker) {
        Map<String, Object> after = new TreeMap<>(current.describe());
        after.remove(VmProperties.RESTORE_POWER);
        String interrupted = marker.interrupted(current.power());
        String reason;
        if (marker.owed().isRunning() && !current.power().isRunning()) {
            after.put(VmProperties.POWER, PowerState.ON.key());
            reason = interrupted + (marker.step() == RestoreMarker.Step.RESIZE ? " and resized" : "")
                    + ", will be started (the power state it was left in), whatever powerCycle says";
        } else if (marker.step() == RestoreMarker.Step.FEATURES) {
            reason = interrupted + ": the guest is probed again, the features still missing are enabled and the VM "
                    + "restarted; then its restore marker is removed";
        } else {
            reason = interrupted + ": the VM is " + current.power().key() + " again; its restore marker is removed";
        }
        return Change.update(target.name(), vm, List.of(), List.of(reason), current.describe(), after, null);
    }

    /**
     * Replacing a Trusted Launch VM means deleting it and creating it again from the template: whatever was
     * installed in the guest is lost, and the old OS disk's Trusted Launch state cannot be attached to a Standard
     * VM. provision refuses to do that on its own; the plan says how to do it deliberately.
     */
    private static Change replaceRefusal(TargetSpec target, DesiredVm vm, ObservedVm current) {
        AzureSettings azure = (AzureSettings) target.connection();
        return Change.planned(target.name(), vm, Action.REPLACE, List.of(Disruption.REPLACE),
                List.of("security type is TrustedLaunch; replaceTrustedLaunch: true asks for a VM with security "
                        + "type Standard, which Azure cannot change in place"),
                current.describe(), current.describe(), Blocked.refused("provision does not delete VMs: replacing "
                + vm.name() + " would lose everything installed in its guest; if that is acceptable, delete it "
                + "(az vm delete -g " + azure.resourceGroup() + " -n " + vm.name() + ") and apply again, which "
                + "creates it with security type Standard from the template"));
    }

    private static String trustedLaunchWarning(ResolvedDesiredState desired) {
        return "security type is TrustedLaunch: nested virtualization under Trusted Launch is documented as "
                + "unsupported (WSL 2 then fails with 0x80370102); Azure cannot switch it to Standard in place"
                + (desired.replaceTrustedLaunch() ? "" : "; set replaceTrustedLaunch: true to plan its replacement");
    }

    /** Why the preferred sizes ahead of the one picked were not taken; nothing when none was. */
    private static List<String> passedOver(Need need) {
        if (need.selection == null || need.selection.best().isEmpty()) {
            return List.of();
        }
        return need.selection.passedOver(need.selection.best().get(), need.request.preferred());
    }

    private String sizeReason(VmSku size, Need need) {
        SeriesFacts series = catalog.lookup(size.family());
        int others = need.selection.candidates().size() - 1;
        return "size " + size.name() + " (" + size.describeVcpus() + ", " + SizeNeeds.gib(size.memoryGiB())
                + " GiB, series " + series.series() + ", nested virtualization documented)"
                + (need.request.preferred().stream().anyMatch(p -> p.equalsIgnoreCase(size.name()))
                ? ": the preferred size" : ": the smallest adequate size")
                + (passedOver(need).isEmpty() ? "" : " (" + passedOver(need).size() + " preferred size"
                + (passedOver(need).size() == 1 ? "" : "s") + " passed over, see the warnings)")
                + ", quota checked for the batch"
                + (others > 0 ? "; " + others + " other sizes qualify" : "");
    }

    private Map<String, Object> sizeFacts(VmSku size) {
        Map<String, Object> after = new TreeMap<>();
        after.put(VmProperties.SIZE, size.name());
        after.put(VmProperties.VCPUS, String.valueOf(size.guestVcpus()));
        after.put(VmProperties.MEMORY_GIB, SizeNeeds.gib(size.memoryGiB()));
        after.put(VmProperties.NESTED, SizeNeeds.nests(size, catalog));
        return after;
    }

    private static Change noOp(TargetSpec target, DesiredVm vm, ObservedVm current) {
        return Change.noOp(target.name(), vm, current.describe());
    }

    private static Change refused(TargetSpec target, DesiredVm vm, ObservedVm current, Action action,
                                  List<String> reasons, String why) {
        return Change.refused(target.name(), vm, action, reasons, current.describe(), why);
    }
}
