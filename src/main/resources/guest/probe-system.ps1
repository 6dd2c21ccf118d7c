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

# --- shared helpers: identical in probe-system.ps1 and probe-user.ps1 (a test keeps them so) ---
$failed = [ordered]@{}

# Runs one section of the probe; its failure is recorded under its name and the next section still runs.
# ($failed is found by PowerShell's dynamic scoping, also when a transport wraps the script in a script block.)
function Invoke-Section([string]$Name, [scriptblock]$Body) {
    try { $null = & $Body } catch { $failed[$Name] = "${Name}: $($_.Exception.Message)" }
}

# Writes a value as compact JSON. Texts become pure ASCII (\uXXXX beyond it, so no console code page can garble
# them) and are cut to the byte limit of the key that holds them: the document's size has a fixed ceiling.
function ConvertTo-ProbeJson($Value, [string]$Key = 'other') {
    if ($null -eq $Value) { return 'null' }
    if ($Value -is [bool]) { if ($Value) { return 'true' } else { return 'false' } }
    if ($Value -is [int] -or $Value -is [long]) { return [string]$Value }
    if ($Value -is [System.Collections.IDictionary]) {
        $members = foreach ($k in $Value.Keys) { (ConvertTo-JsonText $k 64) + ':' + (ConvertTo-ProbeJson -Value $Value[$k] -Key $k) }
        return '{' + ($members -join ',') + '}'
    }
    if ($Value -is [array]) {
        $items = foreach ($item in $Value) { ConvertTo-ProbeJson $item $Key }
        return '[' + ($items -join ',') + ']'
    }
    $max = $Limit['other']
    if ($Limit.ContainsKey($Key)) { $max = $Limit[$Key] }
    ConvertTo-JsonText ([string]$Value) $max
}

# One JSON string of at most $Max bytes between its quotes; runs of white space become one space. A longer text
# keeps its first third and its end, where wsl.exe prints the error code, around a '...'.
function ConvertTo-JsonText([string]$Text, [int]$Max) {
    $pieces = @(foreach ($c in ($Text -replace '\s+', ' ').Trim().ToCharArray()) {
        $n = [int]$c
        if ($n -eq 34 -or $n -eq 92) { '\' + $c }
        elseif ($n -lt 32 -or $n -gt 126) { '\u{0:x4}' -f $n }
        else { [string]$c }
    })
    $all = -join $pieces
    if ($all.Length -le $Max) { return '"' + $all + '"' }
    $room = $Max - 3
    $head = ''
    $i = 0
    while ($head.Length + $pieces[$i].Length -le [Math]::Floor($room / 3)) { $head += $pieces[$i]; $i++ }
    $tail = ''
    $j = $pieces.Count - 1
    while ($j -gt $i -and $head.Length + $tail.Length + $pieces[$j].Length -le $room) { $tail = $pieces[$j] + $tail; $j-- }
    '"' + $head + '...' + $tail + '"'
}

# Runs a program; returns its exit code, stdout (Out), stderr (Err) and both (Text). The bytes are decoded here, not
# by the console's code page, and a program that hangs is stopped after $TimeoutSeconds.
function Invoke-Native([string]$Path, [string]$Arguments, [int]$TimeoutSeconds) {
    $start = New-Object System.Diagnostics.ProcessStartInfo
    $start.FileName = $Path
    $start.Arguments = $Arguments
    $start.UseShellExecute = $false
    $start.CreateNoWindow = $true
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($start)
    $stdout = New-Object System.IO.MemoryStream
    $stderr = New-Object System.IO.MemoryStream
    # Both pipes are drained at once, so that neither can fill up and stall the program.
    $copies = [System.Threading.Tasks.Task[]]@(
        $process.StandardOutput.BaseStream.CopyToAsync($stdout),
        $process.StandardError.BaseStream.CopyToAsync($stderr))
    if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
        $process.Kill()
        throw "$(Split-Path -Leaf $Path) $Arguments did not finish within $TimeoutSeconds s"
    }
    $null = [System.Threading.Tasks.Task]::WaitAll($copies, 10000)
    $out = (ConvertFrom-NativeBytes $stdout.ToArray()).Trim()
    $err = (ConvertFrom-NativeBytes $stderr.ToArray()).Trim()
    [pscustomobject]@{ Exit = $process.ExitCode; Out = $out; Err = $err; Text = "$out $err".Trim() }
}

# wsl.exe writes UTF-16LE unless it honours WSL_UTF8=1. UTF-16LE is told from UTF-8 by its NUL bytes: text that is
# mostly ASCII has a NUL in every odd byte. WslText.java applies the same rule.
function ConvertFrom-NativeBytes([byte[]]$Bytes) {
    if ($Bytes.Length -ge 2 -and $Bytes[0] -eq 0xFF -and $Bytes[1] -eq 0xFE) {
        return [System.Text.Encoding]::Unicode.GetString($Bytes, 2, $Bytes.Length - 2)
    }
    $nuls = 0
    for ($i = 1; $i -lt $Bytes.Length; $i += 2) { if ($Bytes[$i] -eq 0) { $nuls++ } }
    if ($Bytes.Length -ge 2 -and $nuls * 4 -ge $Bytes.Length) {
        return [System.Text.Encoding]::Unicode.GetString($Bytes)
    }
    [System.Text.Encoding]::UTF8.GetString($Bytes).TrimStart([char]0xFEFF)
}

# wsl.exe's path: Store WSL's first, as System32's fails in session 0 (microsoft/WSL#9231). A 32-bit PowerShell
# names the 64-bit folders ProgramW6432 and Sysnative.
function Find-Wsl {
    foreach ($path in @("$env:ProgramW6432\WSL\wsl.exe", "$env:SystemRoot\Sysnative\wsl.exe",
                        "$env:SystemRoot\System32\wsl.exe")) {
        if (Test-Path -LiteralPath $path) { return $path }
    }
    $null
}
# --- end of shared helpers ---

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
