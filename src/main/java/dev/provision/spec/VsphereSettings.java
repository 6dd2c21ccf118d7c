package dev.provision.spec;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to reach a vCenter or ESXi endpoint, as the spec says it (the open session is vsphere's VsphereSettings).
 * TLS is verified: by the JDK trust store, by {@code caFile}, or by a pinned SHA-256
 * {@code thumbprint}; {@code insecure} turns verification off for this connection only, and is loud about it.
 *
 * @param datacenter   limits the inventory read to one datacenter; null reads all
 * @param folder       limits the VMs to those below this folder (a path like {@code datacenter}'s); null for all
 * @param cluster      limits the VMs to those in this cluster's resource pools; null for all
 * @param resourcePool limits the VMs to those in this resource pool (or pools below it); null for all
 * @param template     how missing VMs are cloned; null when the target never creates VMs
 * @param locations    where the scope keys (folder, cluster, resourcePool) were written, for plan-time errors
 */
public record VsphereSettings(String url, String username, SecretRef password, String thumbprint, Path caFile,
                                boolean insecure, String datacenter, String folder, String cluster,
                                String resourcePool, VsphereTemplate template,
                                Map<String, SourceLocation> locations) implements Connection {
    public VsphereSettings {
        locations = locations == null ? Map.of() : Map.copyOf(locations);
    }

    /** A connection without scope below the datacenter and without a template. */
    public VsphereSettings(String url, String username, SecretRef password, String thumbprint, Path caFile,
                             boolean insecure, String datacenter) {
        this(url, username, password, thumbprint, caFile, insecure, datacenter, null, null, null, null, Map.of());
    }
}
