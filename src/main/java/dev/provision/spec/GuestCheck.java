package dev.provision.spec;

/** One thing to prove inside the Windows guest. */
public enum GuestCheck implements Keyed {
    /** The Microsoft-Hyper-V-All feature is enabled and the hypervisor launches. */
    HYPERV("hyperv"),
    /** The VirtualMachinePlatform feature is enabled. */
    VIRTUAL_MACHINE_PLATFORM("virtual-machine-platform"),
    /** The Microsoft-Windows-Subsystem-Linux feature is enabled and wsl.exe answers. */
    WSL("wsl"),
    /** A WSL 2 distro really boots (needs a user context: WSL refuses to run as LocalSystem). */
    WSL2_BOOT("wsl2-boot"),
    /** The Windows edition and build are ones Docker Desktop supports. */
    WINDOWS_EDITION("windows-edition"),
    /** The hypervisor beneath the guest is one Docker supports Docker Desktop on (VMware ESXi, Azure). */
    PLATFORM("platform"),
    /** The desktop is persistent and has one Docker Desktop user, as Docker supports VDI. */
    VDI("vdi");

    private final String key;

    GuestCheck(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }
}
