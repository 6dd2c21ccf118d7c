package dev.provision.spec;

/** The kinds of place a target's VMs live in. */
public enum TargetKind implements Keyed {
    AZURE("azure"),
    VSPHERE("vsphere"),
    /** A simulated hypervisor kept in a local state file: rehearse a spec without any cloud. */
    LAB("lab");

    private final String key;

    TargetKind(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }
}
