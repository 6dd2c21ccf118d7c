package dev.provision.armlab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** What every resource handler shares: the state, the catalogs, the operation tracker and the settings. */
final class ArmContext {
    final ArmState state;
    final SkuCatalog skus;
    final QuotaBook quotas;
    final LroTracker lro;
    final GuestAgent guestAgent;
    final String endpoint;
    final int skuPageSize;
    /** Instance-view reads that still show the old agent status after a create or reboot ({@link VmAgent}). */
    final int agentReadsBeforeReady;
    final Duration settleAfter;
    /** Which SKU families expose virtualization to the guest ({@link NestingSupport}). */
    final Predicate<String> nestingFamilies;
    /** Run Commands sent while the VM agent had not reported since the last boot. */
    final AtomicInteger runCommandsBeforeAgentReady = new AtomicInteger();
    /** How long a Run Command's script takes in the guest before its result can be read (zero: at once). */
    final java.time.Duration runCommandLatency;
    final RunCommandLoad runCommandLoad = new RunCommandLoad();
    /** Sizes the simulated "hardware cluster" offers a running VM; empty means every deployable size. */
    private final List<String> hardwareCluster;

    ArmContext(ArmState state, SkuCatalog skus, QuotaBook quotas, LroTracker lro, GuestAgent guestAgent,
            String endpoint, int skuPageSize, List<String> hardwareCluster, int agentReadsBeforeReady,
            Duration settleAfter, Duration runCommandLatency, Predicate<String> nestingFamilies) {
        this.nestingFamilies = nestingFamilies;
        this.agentReadsBeforeReady = agentReadsBeforeReady;
        this.settleAfter = settleAfter;
        this.runCommandLatency = runCommandLatency;
        this.state = state;
        this.skus = skus;
        this.quotas = quotas;
        this.lro = lro;
        this.guestAgent = guestAgent;
        this.endpoint = endpoint;
        this.skuPageSize = skuPageSize;
        this.hardwareCluster = List.copyOf(hardwareCluster);
    }

    /** The sizes a running VM can be resized to in place: the cluster's, plus the size it already has. */
    List<VmSizeSpec> clusterSizes(SimulatedVm vm) {
        List<VmSizeSpec> sizes = new ArrayList<>();
        for (VmSizeSpec spec : skus.deployableSizes(vm.location)) {
            boolean offered = hardwareCluster.isEmpty() || spec.name().equalsIgnoreCase(vm.size)
                    || hardwareCluster.stream().anyMatch(spec.name()::equalsIgnoreCase);
            if (offered) {
                sizes.add(spec);
            }
        }
        return sizes;
    }

    /** The guest of {@code vm} just booted: its agent status lags as in Azure. */
    void rebooted(SimulatedVm vm) {
        vm.agent.rebooted(agentReadsBeforeReady, settleAfter);
    }

    /** Counts a Run Command the agent could not have taken yet (real Azure lets it fail or hang). */
    void noteRunCommand(SimulatedVm vm) {
        if (!vm.agent.fresh(vm.power)) {
            runCommandsBeforeAgentReady.incrementAndGet();
        }
    }

    /** All VMs except {@code vm}, for quota checks that replace what {@code vm} uses. */
    List<SimulatedVm> otherVms(SimulatedVm vm) {
        List<SimulatedVm> others = state.vms();
        others.remove(vm);
        return others;
    }
}
