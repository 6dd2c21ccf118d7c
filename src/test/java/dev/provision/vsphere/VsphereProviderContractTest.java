package dev.provision.vsphere;

import dev.provision.provider.Provider;
import dev.provision.provider.ProviderContract;
import dev.provision.spec.DesiredState;
import dev.provision.spec.SourceLocation;
import dev.provision.spec.TargetKind;
import dev.provision.spec.TargetSpec;
import dev.provision.spec.VmSelector;
import dev.provision.vsphere.sim.VcsimScenario;
import dev.provision.vsphere.sim.VcsimServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * The provider contract against a real vcsim. Every test changes VMs, so each one gets a fresh simulator with
 * the contract's VMs (vcsim's first VMs, renamed by the launcher's scenario).
 */
class VsphereProviderContractTest extends ProviderContract {
    private VcsimServer vcsim;

    @Override
    protected TargetSpec seed(List<ContractVm> vms) {
        VcsimScenario scenario = VcsimScenario.create().allVms(vm -> vm.guestId("windows9_64Guest").hardwareVersion("vmx-13"));
        for (int i = 0; i < vms.size(); i++) {
            ContractVm wanted = vms.get(i);
            scenario.vm(VcsimServer.vmName(i), vm -> {
                vm.name(wanted.name());
                if (wanted.poweredOn()) {
                    vm.poweredOn();
                } else {
                    vm.poweredOff();
                }
                if (wanted.nestedVirtualization()) {
                    vm.nestedHvEnabled(true).vhvEnable("TRUE");
                }
                if (wanted.lease() != null) {
                    vm.extraConfig(VsphereLeases.KEY, wanted.lease());
                }
            });
        }
        vcsim = new VcsimServer().withVms(vms.size()).withHosts(1).withScenario(scenario).start();
        List<VmSelector> selectors = vms.stream()
                .map(vm -> new VmSelector(vm.name(), null, DesiredState.EMPTY, SourceLocation.UNKNOWN)).toList();
        return new TargetSpec("vcsim", TargetKind.VSPHERE, VcsimTargets.connection(vcsim), selectors,
                DesiredState.EMPTY, SourceLocation.UNKNOWN);
    }

    @Override
    protected Provider open(TargetSpec target, Map<String, String> env) throws Exception {
        Map<String, String> all = new HashMap<>(VcsimTargets.environment(vcsim));
        all.putAll(env);
        return VsphereProvider.open(target, all);
    }

    @AfterEach
    void stopSimulator() {
        if (vcsim != null) {
            vcsim.close();
        }
    }
}
