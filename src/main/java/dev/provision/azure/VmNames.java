package dev.provision.azure;

/**
 * The names of everything a create makes, derived from the VM's name alone. A create that fails half-way and is
 * run again PUTs the same names, so it updates what the first attempt left instead of leaving orphans beside it
 * (the SDK's fluent create names its NIC, VNet and public IP randomly: not used for that reason).
 */
final class VmNames {
    private VmNames() {}

    static String nic(String vm) {
        return vm + "-nic";
    }

    static String osDisk(String vm) {
        return vm + "-osdisk";
    }

    static String publicIp(String vm) {
        return vm + "-pip";
    }

    static String ipConfiguration() {
        return "ipconfig1";
    }

    /** Windows computer names are at most 15 characters (NetBIOS). */
    static String computerName(String vm) {
        String name = vm.replaceAll("[^A-Za-z0-9-]", "-");
        return name.length() <= 15 ? name : name.substring(0, 15);
    }

    /** The managed Run Command resource provision uses for the user-context probe: one name, so repeats replace it. */
    static String userProbeCommand() {
        return "provision-user-probe";
    }
}
