package dev.provision.cli;

import dev.provision.armlab.ArmEmulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Azure target of a test spec pointed at a running ARM emulator, written as a user would: the emulator's CA in
 * a file beside the spec, the token and the admin password by reference.
 */
final class EmulatorTarget {
    private EmulatorTarget() {}

    /** Writes {@code arm-ca.pem} into {@code dir} and returns the {@code targets:} entry naming these VMs. */
    static String yaml(ArmEmulator arm, String resourceGroup, Path dir, List<String> vms) throws IOException {
        Files.writeString(dir.resolve("arm-ca.pem"), arm.tlsIdentity().certificatePem());
        StringBuilder yaml = new StringBuilder("""
                  - name: azure
                    kind: azure
                    azure:
                      subscription: %s
                      location: eastus2
                      resourceGroup: %s
                      endpoint: %s
                      caFile: arm-ca.pem
                      token: ${env:AZURE_ACCESS_TOKEN}
                      template:
                        image: "MicrosoftWindowsDesktop:windows-11:win11-23h2-ent:latest"
                        adminUsername: vdiadmin
                        adminPassword: ${env:VM_ADMIN_PASSWORD}
                        subnet: /subscriptions/%s/resourceGroups/%s/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default
                    vms:
                """.formatted(arm.subscriptionId(), resourceGroup, arm.endpoint(), arm.subscriptionId(),
                resourceGroup));
        vms.forEach(vm -> yaml.append("      - name: ").append(vm).append('\n'));
        return yaml.toString();
    }
}
