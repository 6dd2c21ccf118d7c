package dev.provision.vsphere;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and as whom to connect: the SDK URL of a vCenter or ESXi host, the credentials and the TLS trust
 * for this one connection. {@link #toString()} never shows the password.
 */
public record VsphereEndpoint(URI sdkUrl, String username, String password, VsphereTrust trust, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public VsphereEndpoint {
        Objects.requireNonNull(sdkUrl, "sdkUrl");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(timeout, "timeout");
        if (!"https".equalsIgnoreCase(sdkUrl.getScheme())) {
            throw new IllegalArgumentException("vSphere is only reached over https, not " + sdkUrl);
        }
        if (sdkUrl.getPath() == null || sdkUrl.getPath().isEmpty() || sdkUrl.getPath().equals("/")) {
            sdkUrl = sdkUrl.resolve("/sdk");
        }
    }

    public static VsphereEndpoint of(String sdkUrl, String username, String password, VsphereTrust trust) {
        return new VsphereEndpoint(URI.create(sdkUrl), username, password, trust, DEFAULT_TIMEOUT);
    }

    public VsphereEndpoint withTimeout(Duration newTimeout) {
        return new VsphereEndpoint(sdkUrl, username, password, trust, newTimeout);
    }

    @Override
    public String toString() {
        return username + "@" + sdkUrl + " (" + trust.getClass().getSimpleName() + ")";
    }
}
