package dev.provision.spec;

import java.util.List;

/**
 * What to prove inside the guest, and how to get in. Fields may be null in a partial layer (profile, target);
 * {@link #overlay} fills gaps from a lower layer.
 *
 * @param checks         the checks wanted; empty means none
 * @param distro         the WSL distro whose boot proves WSL 2 works
 * @param user           the guest user the distro belongs to (WSL distros are per user)
 * @param password       that user's password, by reference only
 * @param enableFeatures opt-in remediation: enable missing Windows features and reboot
 */
public record GuestSpec(List<GuestCheck> checks, String distro, String user, SecretRef password,
                        Boolean enableFeatures) {
    public GuestSpec {
        checks = checks == null ? null : List.copyOf(checks);
    }

    public static final GuestSpec NONE = new GuestSpec(null, null, null, null, null);

    public GuestSpec overlay(GuestSpec lower) {
        if (lower == null) {
            return this;
        }
        return new GuestSpec(
                checks != null ? checks : lower.checks,
                distro != null ? distro : lower.distro,
                user != null ? user : lower.user,
                password != null ? password : lower.password,
                enableFeatures != null ? enableFeatures : lower.enableFeatures);
    }

    public List<GuestCheck> checksOrEmpty() {
        return checks == null ? List.of() : checks;
    }

    public boolean enableFeaturesOrFalse() {
        return Boolean.TRUE.equals(enableFeatures);
    }
}
