package dev.provision.guest;

import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Details of the guest scripts that no fixture can show, since nothing here runs PowerShell: which program path and
 * which names they use (issue 10, item 11). The scripts' syntax is checked by ProbeSyntaxTest.
 */
class GuestScriptDetailsTest {
    @Test
    void bcdeditIsCalledThroughSysnativeSoA32BitPowerShellFindsIt() {
        // Microsoft's File System Redirector: a 32-bit process reaches the 64-bit System32 as %windir%\Sysnative.
        String code = ProbeScriptsTest.withoutComments(ProbeScripts.text(ProbePart.SYSTEM));
        int sysnative = code.indexOf("\"$env:SystemRoot\\Sysnative\\bcdedit.exe\"");
        int system32 = code.indexOf("\"$env:SystemRoot\\System32\\bcdedit.exe\"");
        assertTrue(sysnative >= 0 && system32 > sysnative, "Sysnative first, System32 after it");
        assertTrue(code.contains("Invoke-Native $bcdedit '/enum {current}' 60"), code);
    }

    @Test
    void theHorizonMarkerMatchesTheAgentBeforeAndAfterTheOmnissaRename() {
        Matcher m = Pattern.compile("horizon\\s+=\\s+'running', '([^']+)'").matcher(ProbeScripts.text(ProbePart.SYSTEM));
        assertTrue(m.find(), "the horizon marker");
        // PowerShell's -match is case-insensitive.
        Pattern marker = Pattern.compile(m.group(1), Pattern.CASE_INSENSITIVE);
        assertTrue(marker.matcher("VMware Horizon View Agent").find());
        assertTrue(marker.matcher("Omnissa Horizon Agent").find());
        assertTrue(!marker.matcher("VMware Horizon Client").find());
    }

    @Test
    void theRemediationScriptFallsBackToTheServerNameOfHyperV() {
        String code = ProbeScriptsTest.withoutComments(RemediationScripts.text());
        assertTrue(code.contains("if (-not $feature -and $name -eq 'Microsoft-Hyper-V-All') {"), code);
        assertTrue(code.contains("Get-WindowsOptionalFeature -Online -FeatureName 'Microsoft-Hyper-V'"), code);
        assertTrue(code.contains("Enable-WindowsOptionalFeature -Online -FeatureName $feature.FeatureName -All "
                + "-NoRestart"), "enables the feature it found, under its own name");
    }
}
