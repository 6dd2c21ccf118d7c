package dev.provision.guest;

import dev.provision.spec.Keyed;

/** The two halves of the guest probe: one runs elevated (as SYSTEM), one as the user who owns the WSL distro. */
public enum ProbePart implements Keyed {
    /**
     * Features, hypervisor, vmcompute, pending reboot, wsl.exe's version (all it answers SYSTEM), Docker Desktop;
     * and the platform and VDI signals: what the guest shows of the hypervisor beneath it and of the kind of desktop
     * it is.
     */
    SYSTEM("system", "probe-system.ps1"),
    /** Boots the distro: WSL cannot run as LocalSystem, and distros belong to one user. */
    USER("user", "probe-user.ps1");

    private final String key;
    private final String script;

    ProbePart(String key, String script) {
        this.key = key;
        this.script = script;
    }

    /** The value of the document's {@code "part"} field. */
    @Override
    public String key() {
        return key;
    }

    /** The script's file name under the {@code guest/} resources. */
    public String script() {
        return script;
    }
}
