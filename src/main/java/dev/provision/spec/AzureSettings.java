package dev.provision.spec;

import java.nio.file.Path;

/**
 * An Azure subscription, region and resource group, as the spec says them.
 *
 * @param cloud    {@code AzureCloud} (default), {@code AzureChinaCloud}, {@code AzureUSGovernment},
 *                 {@code custom} together with {@code endpoint}, or {@code emulator} (the embedded local rehearsal)
 * @param endpoint a custom Resource Manager URL (Azure Stack Hub, the local ARM emulator); null for the cloud's own
 * @param caFile   a CA certificate to trust for this connection only (never JVM-wide)
 * @param token    a pre-obtained bearer token by reference; null means the DefaultAzureCredential chain
 * @param template how new VMs are made; null when the spec never creates VMs
 * @param emulator with {@code cloud: emulator}, what the embedded ARM emulator holds before the first apply
 */
public record AzureSettings(String subscription, String location, String resourceGroup, String cloud,
                            String endpoint, Path caFile, SecretRef token, AzureVmTemplate template,
                            AzureEmulator emulator)
        implements Connection {
    /** The {@code cloud} that runs the ARM emulator inside provision: a local rehearsal, nothing in Azure. */
    public static final String EMULATOR_CLOUD = "emulator";

    public AzureSettings(String subscription, String location, String resourceGroup, String cloud,
                         String endpoint, Path caFile, SecretRef token, AzureVmTemplate template) {
        this(subscription, location, resourceGroup, cloud, endpoint, caFile, token, template, null);
    }

    @Override
    public boolean isRehearsal() {
        return EMULATOR_CLOUD.equals(cloud);
    }

    /** The same subscription, credential and template in another region. */
    public AzureSettings withLocation(String region) {
        return new AzureSettings(subscription, region, resourceGroup, cloud, endpoint, caFile, token, template,
                emulator);
    }
}
