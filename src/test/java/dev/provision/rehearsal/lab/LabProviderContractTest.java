package dev.provision.rehearsal.lab;

import dev.provision.provider.Lease;
import dev.provision.provider.Provider;
import dev.provision.provider.ProviderException;
import dev.provision.provider.ProviderContract;
import dev.provision.spec.DesiredState;
import dev.provision.spec.LabSettings;
import dev.provision.spec.LabVmSeed;
import dev.provision.spec.SourceLocation;
import dev.provision.spec.TargetKind;
import dev.provision.spec.TargetSpec;
import dev.provision.spec.VmSelector;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The provider contract, run against the lab. */
class LabProviderContractTest extends ProviderContract {
    private static final Path STATE = Path.of("state.json");

    @TempDir
    Path dir;

    @Override
    protected TargetSpec seed(List<ContractVm> vms) throws ProviderException {
        List<LabVmSeed> seed = vms.stream().map(vm -> new LabVmSeed(vm.name(), vm.poweredOn(),
                vm.nestedVirtualization(), 4, 16, "Enterprise", List.of(), false)).toList();
        LabState state = LabState.open(dir.resolve(STATE), seed);
        for (ContractVm vm : vms) {
            if (vm.lease() != null) { // another run's lease, put where the lab keeps them
                state.swapLease(vm.name(), Lease.parse(vm.lease()), found -> false);
            }
        }
        List<VmSelector> selectors = vms.stream().map(vm -> new VmSelector(vm.name(), null, DesiredState.EMPTY,
                SourceLocation.UNKNOWN)).toList();
        return new TargetSpec("lab", TargetKind.LAB, new LabSettings(STATE, seed), selectors,
                DesiredState.EMPTY, SourceLocation.UNKNOWN);
    }

    @Override
    protected Provider open(TargetSpec target, Map<String, String> env) throws Exception {
        return LabProvider.open(target, dir, env);
    }
}
