<#
  provision guest remediation: enable Windows features (remediationVersion 1).

  CHANGES THE GUEST, and only this: enables the Windows optional features named in -Features (with their parent
  features, -All) that are not enabled yet. It does not restart Windows: provision restarts the VM through the cloud
  afterwards and waits for it. Safe to run twice (Azure's client may resend a Run Command): a feature already
  enabled, or already waiting for the restart, is left as it is.

  Runs elevated (as SYSTEM through Azure Run Command). Prints one line of JSON:
  {"remediation":"provision","remediationVersion":1,"features":{"<name>":"<state after>"},"restartNeeded":true|false,
   "errors":["<name>: <message>"]}
#>
param([Parameter(Mandatory = $true)][string[]]$Features)
Set-StrictMode -Version 2
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

$states = [ordered]@{}
$errors = @()
$restartNeeded = $false
foreach ($name in $Features) {
    # Feature names are letters, digits and dashes; anything else is refused before it reaches DISM.
    if ($name -notmatch '^[A-Za-z0-9-]{1,64}\z') { $errors += "${name}: not a feature name"; continue }
    try {
        $feature = Get-WindowsOptionalFeature -Online -FeatureName $name
        # Windows Server calls the Hyper-V feature Microsoft-Hyper-V (an unknown name returns nothing): the client
        # name first, as the probe reads it. The state is reported under the name asked for.
        if (-not $feature -and $name -eq 'Microsoft-Hyper-V-All') {
            $feature = Get-WindowsOptionalFeature -Online -FeatureName 'Microsoft-Hyper-V'
        }
        if (-not $feature) { $errors += "${name}: not available in this edition of Windows"; continue }
        if ([string]$feature.State -eq 'Disabled') {
            $result = Enable-WindowsOptionalFeature -Online -FeatureName $feature.FeatureName -All -NoRestart
            if ($result.RestartNeeded) { $restartNeeded = $true }
            $feature = Get-WindowsOptionalFeature -Online -FeatureName $feature.FeatureName
        }
        if ([string]$feature.State -eq 'EnablePending') { $restartNeeded = $true }
        $states[$name] = [string]$feature.State
    } catch {
        $errors += "${name}: $($_.Exception.Message)"
    }
}
$doc = [ordered]@{ remediation = 'provision'; remediationVersion = 1; features = $states
                   restartNeeded = $restartNeeded; errors = @($errors) }
ConvertTo-Json -InputObject $doc -Compress -Depth 3
