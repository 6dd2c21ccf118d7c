<#
  provision guest probe, system part (probeVersion 1).

  READS ONLY, CHANGES NOTHING. It reads: the Windows caption, edition, build and product type; the state of the
  Hyper-V, Virtual Machine Platform and Windows Subsystem for Linux features; the hypervisor launch type of the
  current boot entry (bcdedit /enum); the state of the vmcompute service and whether the HNS and vfpext services
  exist; servicing's pending-reboot key in the registry; which wsl.exe it finds and what its '--version' prints;
  Docker Desktop's installed version.
  To tell the platform and the kind of desktop: the computer name; the system manufacturer, model and
  HypervisorPresent (Win32_ComputerSystem); the BIOS vendor and version (Win32_BIOS); whether the chassis asset tag
  is Azure's; which services, drivers and registry keys named in $PlatformMarkers and $VdiMarkers below are running
  or exist; the write cache type in C:\Personality.ini (Citrix Provisioning); how many user profiles hold Docker
  Desktop data (a count, no names). It calls no network service, Azure's metadata service included.

  Runs elevated: as SYSTEM through Azure Run Command, or as an administrator through VMware guest operations.
  Prints one line of JSON, always under 4,096 bytes: Run Command keeps only the last 4,096 bytes of output.
  A section that fails adds a line to "errors" and leaves its fields null; the other sections still report.
#>
Set-StrictMode -Version 2
# 'Stop' turns every error into an exception, so Invoke-Section catches it and records it.
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
# Asks wsl.exe for UTF-8; builds that ignore it write UTF-16LE, which ConvertFrom-NativeBytes also reads.
$env:WSL_UTF8 = '1'
# No 'wsl: ...' warnings on stderr.
$env:WSL_DISABLE_WARNINGS = '1'

# The most bytes each JSON text may take once escaped, by the key that holds it ('other' for the rest).
# Their sum keeps the document well under 4,096 bytes; ProbeSizeTest reads this table.
$Limit = @{ caption = 80; edition = 40; versionText = 300; errors = 160; other = 48 }

# The feature names to look for, canonical name first: Windows Server calls the Hyper-V feature Microsoft-Hyper-V.
$FeatureNames = [ordered]@{
    'Microsoft-Hyper-V-All'             = @('Microsoft-Hyper-V-All', 'Microsoft-Hyper-V')
    'VirtualMachinePlatform'            = @('VirtualMachinePlatform')
    'Microsoft-Windows-Subsystem-Linux' = @('Microsoft-Windows-Subsystem-Linux')
}

# Markers of the hypervisor beneath this Windows, and of a VDI desktop: the name the probe reports = a running
# service or driver whose name or display name matches ('running'), or a registry key that exists ('key').
# [doc]: the vendor documents it. [habit]: what an installer is known to do, which a new version may change.
# provision, not this script, weighs them: no single weak marker decides anything.
$PlatformMarkers = [ordered]@{
    vmtools   = 'running', '^VMTools$'                       # [doc] VMware Tools
    vmic      = 'running', '^vmicheartbeat$'                 # [doc] Hyper-V heartbeat: runs only in a Hyper-V guest
    azagent   = 'running', '^WindowsAzureGuestAgent$'        # [doc] Azure VM Agent
    xenbus    = 'running', '^xenbus$'                        # [habit] Xen PV bus driver (XenServer, XCP-ng, AWS)
    xenserver = 'running', 'XenServer|Citrix Hypervisor'     # [habit] XenServer/Citrix VM Tools' agent
    xentools  = 'key', 'HKLM:\SOFTWARE\Citrix\XenTools'      # [habit] left by the XenServer/Citrix VM Tools
    virtio    = 'running', '^(vioscsi|viostor|netkvm)$'      # [doc] VirtIO disk and network drivers (KVM, AHV)
    qemuga    = 'running', '^QEMU-GA$'                       # [doc] QEMU guest agent
    ngt       = 'running', '^Nutanix Guest'                  # [habit] Nutanix Guest Tools
}
$VdiMarkers = [ordered]@{
    citrixvda    = 'key', 'HKLM:\SOFTWARE\Citrix\VirtualDesktopAgent'       # [doc] Citrix VDA's settings
    pvs          = 'key', 'HKLM:\SYSTEM\CurrentControlSet\Services\BNIStack' # [doc] Citrix Provisioning target
    horizon      = 'running', '^(VMware|Omnissa) Horizon (View )?Agent$'     # [doc] Horizon Agent; Omnissa's name unverified
    instantclone = 'running', 'Instant Clone Agent'                          # [habit] Horizon instant clone
    composer     = 'running', 'View Composer Guest Agent'                    # [doc] Horizon linked clone
    avd          = 'running', '^RDAgentBootLoader$'                          # [doc] Azure Virtual Desktop agent
}
# Azure gives every VM this chassis asset tag ([habit]: cloud-init's Azure data source relies on it).
$AzureAssetTag = '7783-7084-3265-9085-8269-3286-77'

# --- probe-common.ps1: provision splices the shared helpers in here when it loads this script ---

# DISM's state first: only it knows EnablePending. Win32_OptionalFeature (InstallState 1 enabled, 2 disabled,
# 3 absent) answers where DISM cannot; a name that neither knows is absent from this Windows.
function Get-FeatureState([string[]]$Names) {
    foreach ($name in $Names) {
        $feature = $null
        try { $feature = Get-WindowsOptionalFeature -Online -FeatureName $name } catch { $feature = $null }
        if ($feature) { return [string]$feature.State }
    }
    foreach ($name in $Names) {
        $feature = Get-CimInstance -ClassName Win32_OptionalFeature -Filter "Name='$name'"
        if ($feature) { return [string]$feature.InstallState }
    }
    'Absent'
}

# Each feature's state, read in a runspace of its own for at most $Seconds: the feature API can wait on Windows
# servicing for minutes (microsoft/devhome#3361).
function Read-FeatureStates([int]$Seconds) {
    $shell = [powershell]::Create().AddScript("`$ErrorActionPreference='Stop'`nfunction Get-FeatureState {" +
        ${function:Get-FeatureState} + "}`n" + '$s=@{}; foreach ($k in $args[0].Keys) { $s[$k] = Get-FeatureState $args[0][$k] }; $s')
    $run = $shell.AddArgument($FeatureNames).BeginInvoke()
    if (-not $run.AsyncWaitHandle.WaitOne($Seconds * 1000)) { throw "timed out after $Seconds s" }
    $shell.EndInvoke($run)[0]
}

# The names of the markers of $Table that are present, among the running services and drivers in $Running.
function Find-Markers($Table, $Running) {
    foreach ($name in $Table.Keys) {
        $kind, $pattern = $Table[$name]
        if ($kind -eq 'key') { $found = Test-Path -LiteralPath $pattern }
        else { $found = @($Running | Where-Object { $_.Name -match $pattern -or $_.DisplayName -match $pattern }).Count -gt 0 }
        if ($found) { $name }
    }
}

function Get-Running {
    @(Get-CimInstance -ClassName Win32_Service -Filter "State='Running'") +
        @(Get-CimInstance -ClassName Win32_SystemDriver -Filter "State='Running'")
}

$doc = [ordered]@{
    probe = 'provision'; probeVersion = 1; part = 'system'
    caption = $null; edition = $null; build = $null; productType = $null
    features = [ordered]@{}
    hypervisorLaunchType = $null; vmcompute = $null; hostServices = $null; rebootReasons = $null
    wsl = $null; dockerDesktop = $null; computer = $env:COMPUTERNAME; platform = $null; vdi = $null
    errors = $null
}

Invoke-Section 'os' {
    $os = Get-CimInstance -ClassName Win32_OperatingSystem
    $doc.caption = [string]$os.Caption
    $doc.build = [int]$os.BuildNumber
    $doc.productType = [int]$os.ProductType   # 1 workstation, 2 domain controller, 3 server
    $doc.edition = [string](Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion').EditionID
}

Invoke-Section 'features' {
    $states = Read-FeatureStates 90
    foreach ($feature in $FeatureNames.Keys) { $doc.features[$feature] = $states[$feature] }
}

Invoke-Section 'hypervisor' {
    # A 32-bit PowerShell sees SysWOW64, which has no bcdedit.exe, as System32; only there does Sysnative exist.
    $bcdedit = "$env:SystemRoot\Sysnative\bcdedit.exe"
    if (-not (Test-Path -LiteralPath $bcdedit)) { $bcdedit = "$env:SystemRoot\System32\bcdedit.exe" }
    $bcd = Invoke-Native $bcdedit '/enum {current}' 60
    if ($bcd.Exit -ne 0) { throw "bcdedit exited with $($bcd.Exit): $($bcd.Text)" }
    # Element names are bcdedit's identifiers, not translated. A boot entry without this one does not launch
    # the hypervisor.
    $match = [regex]::Match($bcd.Text, '(?im)^\s*hypervisorlaunchtype\s+(\S+)')
    $doc.hypervisorLaunchType = 'NotSet'
    if ($match.Success) { $doc.hypervisorLaunchType = $match.Groups[1].Value }
}

# WSL only checks that vmcompute and HNS exist, and vfpext from build 22621 (wslutil.cpp). vmcompute starts on
# demand: Stopped is normal. hostServices lists those absent or disabled (Start 4 in their Services key).
Invoke-Section 'vmcompute' {
    $service = Get-CimInstance -ClassName Win32_Service -Filter "Name='vmcompute'"
    $doc.vmcompute = 'Absent'
    if ($service) { $doc.vmcompute = [string]$service.State; if ($service.StartMode -eq 'Disabled') { $doc.vmcompute = 'Disabled' } }
    $doc.hostServices = @(foreach ($name in @('HNS', 'vfpext')) {
        if ($name -eq 'vfpext' -and $doc.build -lt 22621) { continue }
        $start = Get-ItemProperty -LiteralPath "HKLM:\SYSTEM\CurrentControlSet\Services\$name" -Name Start -ErrorAction SilentlyContinue
        if (-not $start) { "$name Absent" } elseif ($start.Start -eq 4) { "$name Disabled" }
    })
}

# Only servicing's key (and DISM's EnablePending) means a feature waits for a restart; PendingFileRenameOperations,
# which antivirus and installers keep filled, is not read.
Invoke-Section 'reboot' {
    $reasons = @()
    if (Test-Path -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending') {
        $reasons += 'ComponentBasedServicing'
    }
    $doc.rebootReasons = $reasons
}

Invoke-Section 'wsl' {
    $wsl = Find-Wsl
    if (-not $wsl) { $doc.wsl = [ordered]@{ present = $false }; return }
    # Only --version, which needs no WSL service: the service refuses LocalSystem (WSL_E_LOCAL_SYSTEM_NOT_SUPPORTED).
    $version = Invoke-Native $wsl '--version' 60
    $doc.wsl = [ordered]@{ present = $true; exe = $wsl; versionExit = $version.Exit; versionText = $version.Out }
}

Invoke-Section 'docker' {
    $key = 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\Docker Desktop'
    $exe = "$env:ProgramFiles\Docker\Docker\Docker Desktop.exe"
    $version = $null
    if (Test-Path -LiteralPath $key) {
        $entry = Get-ItemProperty -LiteralPath $key
        if ($entry.PSObject.Properties['DisplayVersion']) { $version = [string]$entry.DisplayVersion }
    }
    if (-not $version -and (Test-Path -LiteralPath $exe)) {
        $version = [string](Get-Item -LiteralPath $exe).VersionInfo.ProductVersion
    }
    $doc.dockerDesktop = [ordered]@{ installed = [bool]$version; version = $version }
}

Invoke-Section 'platform' {
    $system = Get-CimInstance -ClassName Win32_ComputerSystem
    $bios = Get-CimInstance -ClassName Win32_BIOS
    $markers = @(Find-Markers $PlatformMarkers (Get-Running))
    $tags = @(Get-CimInstance -ClassName Win32_SystemEnclosure | ForEach-Object { $_.SMBIOSAssetTag })
    if ($tags -contains $AzureAssetTag) { $markers += 'aztag' }
    $doc.platform = [ordered]@{ manufacturer = [string]$system.Manufacturer; model = [string]$system.Model
        biosVendor = [string]$bios.Manufacturer; biosVersion = [string]$bios.SMBIOSBIOSVersion
        hypervisorPresent = $system.HypervisorPresent; markers = $markers }
}

Invoke-Section 'vdi' {
    $markers = @(Find-Markers $VdiMarkers (Get-Running))
    # Citrix Provisioning writes the target's settings to this file at boot, $WriteCacheType among them ([habit]).
    $cacheType = $null
    $ini = "$env:SystemDrive\Personality.ini"
    if (Test-Path -LiteralPath $ini) {
        $match = [regex]::Match((Get-Content -LiteralPath $ini -Raw), '(?m)^\$WriteCacheType=(\d+)')
        if ($match.Success) { $cacheType = [int]$match.Groups[1].Value }
    }
    # Docker Desktop keeps each user's data under their profile ([doc]: its WSL disks in AppData\Local\Docker\wsl).
    # Profiles kept elsewhere (FSLogix, roaming) are seen only while mounted.
    $dockerUsers = 0
    foreach ($userProfile in Get-CimInstance -ClassName Win32_UserProfile -Filter 'Special = FALSE') {
        $dir = [string]$userProfile.LocalPath
        if ((Test-Path -LiteralPath "$dir\AppData\Local\Docker\wsl") -or (Test-Path -LiteralPath "$dir\AppData\Roaming\Docker")) {
            $dockerUsers++
        }
    }
    $doc.vdi = [ordered]@{ markers = $markers; pvsWriteCacheType = $cacheType; dockerUsers = $dockerUsers }
}

$doc.errors = @($failed.Values)
ConvertTo-ProbeJson $doc
