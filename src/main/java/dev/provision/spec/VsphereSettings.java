package dev.provision.spec;

import java.nio.file.Path;

/**
 * How to reach a vCenter or ESXi endpoint, as the spec says it (the open session is vsphere's VsphereSettings).
 * TLS is verified: by the JDK trust store, by {@code caFile}, or by a pinned SHA-256 {@code thumbprint};
 * {@code insecure} turns verification off for this connection only, and is loud about it.
 *
 * @param datacenter limits the inventory read to one datacenter; null reads all
 */
public record VsphereSettings(String url, String username, SecretRef password, String thumbprint, Path caFile,
                              boolean insecure, String datacenter) implements Connection {
}
