package dev.provision.azure;

import dev.provision.armlab.ArmEmulator;
import dev.provision.model.DesiredVm;
import dev.provision.model.TargetPlan;
import dev.provision.plan.SelectorResolver;
import dev.provision.provider.Inventory;
import dev.provision.spec.DesiredState;
import dev.provision.spec.TargetSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An ARM emulator with one resource group in eastus2, the Azure target pointed at it and the provider opened on it,
 * for tests of the provider over the real SDK: a test starts it with the emulator's setup and the target's VMs, and
 * it is closed after the test, the provider before the emulator it may still be talking to.
 */
final class EmulatedAzure implements AfterEachCallback {
    private final String resourceGroup;
    private ArmEmulator arm;
    private TargetSpec target;
    private AzureProvider provider;

    EmulatedAzure(String resourceGroup) {
        this.resourceGroup = resourceGroup;
    }

    /** Starts the emulator as {@code setup} shapes it and opens the provider on a target of {@code vms}. */
    void start(Path dir, UnaryOperator<ArmEmulator.Builder> setup, DesiredState desired, List<String> vms)
            throws Exception {
        arm = setup.apply(EmulatorConnection.emulator().resourceGroup(resourceGroup, "eastus2")).start();
        open(AzureTargets.target(AzureTargets.connection(arm, dir, resourceGroup,
                AzureTargets.template(arm, resourceGroup, dir)), vms, desired), dir);
    }

    /** Closes the provider and opens a new one on {@code target} against the same emulator (a second run). */
    void reopen(TargetSpec target, Path dir) throws Exception {
        provider.close();
        open(target, dir);
    }

    private void open(TargetSpec target, Path dir) throws Exception {
        this.target = target;
        this.provider = AzureProvider.open(target, AzureTargets.env(dir));
    }

    /** What {@code provision plan} decides for this target now: read, resolve, plan. */
    TargetPlan plan() throws Exception {
        Inventory inventory = provider.read();
        List<DesiredVm> desired = SelectorResolver.resolve(target, inventory, new ArrayList<>());
        return provider.rules().plan(target, inventory, desired);
    }

    ArmEmulator arm() {
        return arm;
    }

    TargetSpec target() {
        return target;
    }

    AzureProvider provider() {
        return provider;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (provider != null) {
            provider.close();
        }
        if (arm != null) {
            arm.close();
        }
    }
}
