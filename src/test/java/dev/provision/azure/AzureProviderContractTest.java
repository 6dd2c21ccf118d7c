package dev.provision.azure;

import dev.provision.armlab.ArmEmulator;
import dev.provision.armlab.ArmPowerState;
import dev.provision.armlab.SeedVm;
import dev.provision.provider.Provider;
import dev.provision.provider.ProviderContract;
import dev.provision.spec.DesiredState;
import dev.provision.spec.PowerCyclePolicy;
import dev.provision.spec.TargetSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The provider contract against the ARM emulator, through the real SDK over HTTPS. "Disabled" VMs are on a
 * burstable size (no nesting), the enabled one on Standard_D4s_v5; the hardware cluster offers only small
 * burstable sizes, so the running VM's resize must deallocate.
 */
class AzureProviderContractTest extends ProviderContract {
    private static final String RG = "contract-rg";

    @TempDir
    Path dir;

    private ArmEmulator arm;

    @Override
    protected TargetSpec seed(List<ContractVm> vms) throws Exception {
        ArmEmulator.Builder builder = EmulatorConnection.emulator().hardwareCluster("Standard_B2s", "Standard_B2ms");
        for (ContractVm vm : vms) {
            SeedVm seed = SeedVm.of(RG, vm.name())
                    .size(vm.nestedVirtualization() ? "Standard_D4s_v5" : "Standard_B2s")
                    .powerState(vm.poweredOn() ? ArmPowerState.RUNNING : ArmPowerState.DEALLOCATED);
            builder.seedVm(vm.lease() == null ? seed : seed.tag(AzureLeases.TAG, vm.lease()));
        }
        arm = builder.start();
        return AzureTargets.target(AzureTargets.connection(arm, dir, RG, null),
                vms.stream().map(ContractVm::name).toList(), desiredLayer());
    }

    @Override
    protected Provider open(TargetSpec target, Map<String, String> env) throws Exception {
        Map<String, String> all = new HashMap<>(AzureTargets.env(dir));
        all.putAll(env);
        return AzureProvider.open(target, all);
    }

    @Override
    protected DesiredState desiredLayer() {
        return AzureTargets.dockerDesktop(PowerCyclePolicy.NEVER);
    }

    @AfterEach
    void stopEmulator() {
        if (arm != null) {
            arm.close();
        }
    }
}
