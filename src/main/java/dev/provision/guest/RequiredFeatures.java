package dev.provision.guest;

import dev.provision.spec.GuestCheck;

import java.util.List;

/**
 * Which Windows optional features a guest needs for a check. The one rule that the verdicts ({@link VerdictRules}),
 * the planned remediation ({@code plan.GuestRemediation}) and through the plan every transport that enables features
 * follow, so that no part of provision asks for a feature the guest does not need.
 *
 * <p>WSL 2 needs VirtualMachinePlatform everywhere. The WSL optional component (Microsoft-Windows-Subsystem-Linux)
 * is needed only below Windows 11 or for WSL 1: WSL's service refuses with WSL_E_WSL_OPTIONAL_COMPONENT_REQUIRED
 * only when the component is off and the build is below Windows 11 (microsoft/WSL
 * {@code src/windows/service/exe/LxssUserSessionFactory.cpp}), and Store WSL on Windows 11 adds the component only
 * for {@code --enable-wsl1} ({@code WslInstall.cpp}; MicrosoftDocs/WSL {@code basic-commands.md}).
 */
public final class RequiredFeatures {
    /** WSL's own test for Windows 11 ({@code helpers::IsWindows11OrAbove}): build 22000 or later. */
    public static final int WINDOWS_11_BUILD = 22000;

    private RequiredFeatures() {}

    /** The features {@code check} needs in this guest, in the order the probe reports them. */
    public static List<String> of(GuestCheck check, GuestFacts facts) {
        boolean component = wslComponentNeeded(facts);
        return switch (check) {
            case HYPERV -> List.of(GuestFacts.HYPERV);
            case VIRTUAL_MACHINE_PLATFORM -> List.of(GuestFacts.VIRTUAL_MACHINE_PLATFORM);
            case WSL -> component ? List.of(GuestFacts.WSL) : List.of();
            case WSL2_BOOT -> component ? List.of(GuestFacts.VIRTUAL_MACHINE_PLATFORM, GuestFacts.WSL)
                    : List.of(GuestFacts.VIRTUAL_MACHINE_PLATFORM);
            default -> List.of();
        };
    }

    /**
     * True below Windows 11 and when the guest's distro runs as WSL 1. An unknown build counts as Windows 10: a
     * check passes only on evidence, and the edition check already fails for want of it.
     */
    public static boolean wslComponentNeeded(GuestFacts facts) {
        Integer build = facts.windowsBuild();
        GuestFacts.DistroBoot boot = facts.distro();
        boolean wsl1 = boot != null && boot.kernel() != null && WslText.isWsl1Kernel(boot.kernel());
        return build == null || build < WINDOWS_11_BUILD || wsl1;
    }
}
