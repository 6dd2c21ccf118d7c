package dev.provision.spec;

/** The kinds of place a target's VMs live in. */
public enum TargetKind {
    AZURE("azure"),
    VSPHERE("vsphere"),
    /** A simulated hypervisor kept in a local state file: rehearse a spec without any cloud. */
    LAB("lab");

    private final String key;

    TargetKind(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static TargetKind fromKey(String key) {
        for (TargetKind k : values()) {
            if (k.key.equals(key)) {
                return k;
            }
        }
        return null;
    }
}
