package dev.provision.spec;

import java.nio.file.Path;

/**
 * A vCenter or ESXi endpoint. TLS is verified: by the JDK trust store, by {@code caFile}, or by a pinned SHA-256
 * {@code thumbprint}; {@code insecure} turns verification off for this connection only, and is loud about it.
 *
 * @param datacenter limits the inventory read to one datacenter; null reads all
 */
public record VsphereConnection(String url, String username, SecretRef password, String thumbprint, Path caFile,
                                boolean insecure, String datacenter) implements Connection {
}
