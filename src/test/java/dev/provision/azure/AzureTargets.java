package dev.provision.azure;

import dev.provision.armlab.ArmEmulator;
import dev.provision.spec.AzureSettings;
import dev.provision.spec.AzureVmTemplate;
import dev.provision.spec.DesiredState;
import dev.provision.spec.PowerCyclePolicy;
import dev.provision.spec.SecretRef;
import dev.provision.spec.SizeRequirement;
import dev.provision.spec.SourceLocation;
import dev.provision.spec.TargetKind;
import dev.provision.spec.TargetSpec;
import dev.provision.spec.VmSelector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Azure targets pointing at an emulator the way a user's spec would: custom endpoint, caFile, token by reference. */
final class AzureTargets {
    static final String TOKEN_VARIABLE = "AZURE_ACCESS_TOKEN";
    static final String TOKEN = "test-token-never-printed-4f1c";
    static final String ADMIN_PASSWORD = "Adm1n-Secret-Never-Printed!";

    private AzureTargets() {}

    /** The environment a test run passes: the token and admin password by variable, the SKU cache in {@code dir}. */
    static Map<String, String> env(Path dir) {
        return Map.of(TOKEN_VARIABLE, TOKEN, "VM_ADMIN_PASSWORD", ADMIN_PASSWORD,
                "PROVISION_CACHE_DIR", dir.resolve("cache").toString(), "CI", "true");
    }

    static Path caFile(ArmEmulator arm, Path dir) throws IOException {
        Path file = dir.resolve("arm-ca.pem");
        Files.writeString(file, arm.tlsIdentity().certificatePem());
        return file;
    }

    static AzureSettings connection(ArmEmulator arm, Path dir, String rg, AzureVmTemplate template)
            throws IOException {
        return new AzureSettings(arm.subscriptionId(), "eastus2", rg, "custom", arm.endpoint().toString(),
                caFile(arm, dir), SecretRef.parse("${env:" + TOKEN_VARIABLE + "}", dir), template);
    }

    static AzureVmTemplate template(ArmEmulator arm, String rg, Path dir) {
        return new AzureVmTemplate("MicrosoftWindowsDesktop:windows-11:win11-23h2-ent:latest", "vdiadmin",
                SecretRef.parse("${env:VM_ADMIN_PASSWORD}", dir), "/subscriptions/" + arm.subscriptionId()
                + "/resourceGroups/" + rg + "/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default",
                null, List.of(), null, null);
    }

    /** What the docker-desktop profile asks of the size. */
    static DesiredState dockerDesktop(PowerCyclePolicy policy) {
        return new DesiredState(true, new SizeRequirement(null, 4, 16, List.of("Standard_D4s_v5"), null), policy,
                Duration.ofSeconds(30), null, null, null);
    }

    static TargetSpec target(AzureSettings connection, List<String> vms, DesiredState desired) {
        return new TargetSpec("azure", TargetKind.AZURE, connection, vms.stream()
                .map(vm -> new VmSelector(vm, null, DesiredState.EMPTY, SourceLocation.UNKNOWN)).toList(),
                desired, SourceLocation.UNKNOWN);
    }
}
