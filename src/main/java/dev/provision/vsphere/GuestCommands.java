package dev.provision.vsphere;

import dev.provision.guest.GuestFacts;
import dev.provision.guest.ProbeScripts;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The remediation command ({@code guest.enableFeatures: true}), as arguments for {@link ProbeScripts#POWERSHELL}
 * started through guest operations. It enables the listed Windows features without restarting (the restart is a
 * separate, planned step) and writes one line to the output file: {@code {"enabled":true,"restartNeeded":...}}
 * on success, the error's message on failure (exit code 1). Idempotent: a feature already enabled is left alone,
 * and enabling one that waits for a restart again changes nothing, so running it twice is safe.
 */
final class GuestCommands {
    /** Only these may be enabled: the names come from a plan file, which must not smuggle in anything else. */
    static final Set<String> FEATURES = Set.of(GuestFacts.HYPERV, GuestFacts.VIRTUAL_MACHINE_PLATFORM, GuestFacts.WSL);

    private GuestCommands() {}

    static String enableFeatures(List<String> features, String outputPath) {
        if (features.isEmpty() || !FEATURES.containsAll(features)) {
            throw new IllegalArgumentException("can only enable " + FEATURES + ", not " + features);
        }
        String names = features.stream().map(ProbeScripts::quote).collect(Collectors.joining(", "));
        String script = """
                # provision: enable Windows features (guest.enableFeatures); the restart is a separate step.
                $ErrorActionPreference = 'Stop'
                $ProgressPreference = 'SilentlyContinue'
                $features = @(%s)
                $outputPath = %s
                try {
                    $restartNeeded = $false
                    foreach ($name in $features) {
                        # Windows Server calls the Hyper-V feature Microsoft-Hyper-V; the client name is tried first.
                        $candidates = @($name)
                        if ($name -eq 'Microsoft-Hyper-V-All') { $candidates += 'Microsoft-Hyper-V' }
                        $feature = $null
                        foreach ($candidate in $candidates) {
                            try { $feature = Get-WindowsOptionalFeature -Online -FeatureName $candidate } catch { $feature = $null }
                            if ($feature) { break }
                        }
                        if (-not $feature) { throw "feature $name does not exist in this Windows" }
                        if ([string]$feature.State -ne 'Enabled') {
                            $result = Enable-WindowsOptionalFeature -Online -FeatureName $feature.FeatureName -All -NoRestart
                            if ($result.RestartNeeded) { $restartNeeded = $true }
                        }
                    }
                    $answer = '{"enabled":true,"restartNeeded":' + $restartNeeded.ToString().ToLower() + '}'
                    [System.IO.File]::WriteAllLines($outputPath, [string[]]@($answer))
                    exit 0
                } catch {
                    [System.IO.File]::WriteAllLines($outputPath, [string[]]@($_.Exception.Message))
                    exit 1
                }
                """.formatted(names, ProbeScripts.quote(outputPath));
        String encoded = Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_16LE));
        return "-NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand " + encoded;
    }
}
