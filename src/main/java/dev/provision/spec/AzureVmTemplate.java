package dev.provision.spec;

import java.util.List;

/**
 * How a new Azure VM is made. Defaults (applied by the Azure provider): security type Standard (Trusted Launch
 * blocks nesting), Premium SSD, no public IP.
 *
 * @param image  an image URN {@code publisher:offer:sku:version}
 * @param subnet the full resource ID of an existing subnet
 */
public record AzureVmTemplate(String image, String adminUsername, SecretRef adminPassword, String subnet,
                              Boolean publicIp, List<String> zones, String osDiskType, String securityType) {
    public AzureVmTemplate {
        zones = zones == null ? List.of() : List.copyOf(zones);
    }
}
