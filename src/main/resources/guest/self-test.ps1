<#
  provision guest self-test (selfTestVersion 1): records, raw, every command output the probe judges, so that a
  wrong verdict can be reproduced from a real Windows instead of from outputs written to match the probe.

  READS ONLY. What it writes: ONE file, self-test.json in the current folder (-Out to choose), rewritten after each
  step so that an interrupted run still leaves what it gathered. When it runs elevated (and without -NoSystem) it
  also registers a scheduled task named 'provision-self-test-<random>' that runs the wsl.exe part once as
  NT AUTHORITY\SYSTEM in session 0, where Run Command and VMware guest operations run; that task writes its answer to
  a file under %SystemRoot%\Temp, and both the task and that file are removed before the script ends.

  What it reads, each command with a deadline after which it is stopped and recorded as timed out:
    - this session: elevated or not, SYSTEM or not, session id, 32/64-bit, PowerShell version, culture
    - Win32_OperatingSystem (caption, version, build, ProductType, architecture) and, from HKLM\SOFTWARE\Microsoft\
      Windows NT\CurrentVersion, EditionID, InstallationType, DisplayVersion, CurrentBuild, UBR
    - Get-WindowsOptionalFeature -Online for Microsoft-Hyper-V-All, Microsoft-Hyper-V, VirtualMachinePlatform and
      Microsoft-Windows-Subsystem-Linux (one child powershell.exe each, so that one stuck behind Windows servicing
      can be stopped), and Win32_OptionalFeature for the same names
    - bcdedit /enum {current} (through Sysnative from a 32-bit PowerShell)
    - the services vmcompute, HNS and vfpext: Get-Service status and start type, Win32_Service/Win32_SystemDriver
      state and start mode
    - the CBS RebootPending and Windows Update RebootRequired keys; whether PendingFileRenameOperations exists and
      how many entries it holds (not the paths)
    - which of %ProgramFiles%\WSL\wsl.exe and System32\wsl.exe exist and which answers 'wsl --version'; with it,
      'wsl --version' again with WSL_UTF8=1, 'wsl --status', 'wsl -l -v', 'wsl -l -q', and the boot
      'wsl -d <distro> -e uname -r' twice: as wsl.exe behaves by default, then with WSL_UTF8=1 and
      WSL_DISABLE_WARNINGS=1. Booting starts WSL's utility VM, which WSL stops by itself when idle.
    - as SYSTEM (elevated only): the same wsl.exe commands, which are expected to fail there; that is the record
    - if probe-system.ps1 and probe-user.ps1 are beside it: what they print
  Every program's stdout and stderr are kept apart, as base64 of the exact bytes and as decoded text, with its exit
  code. It records no user or computer name of its own, but raw outputs may hold some (distro names, paths): read
  the file before you attach it. It calls no network service.

  It has no byte budget: a person runs it, never Run Command (which keeps only 4,096 bytes of output).
      powershell -NoProfile -ExecutionPolicy Bypass -File .\self-test.ps1 [-Distro Ubuntu] [-Out self-test.json]
  -Distro defaults to the first distro 'wsl -l -q' lists. A full run takes a few minutes at most.
#>
param([string]$Distro = '', [string]$Out = 'self-test.json', [switch]$NoSystem)
Set-StrictMode -Version 2
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

# The recorder's own name for the account it runs as; the SYSTEM task sets 'system'.
$RunAs = 'user'
# A 32-bit PowerShell sees SysWOW64 in place of System32; only Sysnative reaches the 64-bit one from there.
$NativeSystem = "$env:SystemRoot\System32"
if ([Environment]::Is64BitOperatingSystem -and -not [Environment]::Is64BitProcess) { $NativeSystem = "$env:SystemRoot\Sysnative" }
$PowerShellExe = "$NativeSystem\WindowsPowerShell\v1.0\powershell.exe"

# --- recorders: also shipped to the SYSTEM task, so each keeps its parameters inside its body ---

# Decodes a program's bytes: UTF-16LE when a BOM or NULs say so (the probe's rule, and WslText.java's), UTF-8 when
# the bytes are valid UTF-8, else the OEM code page that bcdedit and sc write in. Names the decoding it used.
function ConvertFrom-RawBytes {
    param([byte[]]$Bytes)
    if ($Bytes.Length -ge 2 -and $Bytes[0] -eq 0xFF -and $Bytes[1] -eq 0xFE) {
        return [ordered]@{ encoding = 'utf-16le'; text = [System.Text.Encoding]::Unicode.GetString($Bytes, 2, $Bytes.Length - 2) }
    }
    $nuls = 0
    for ($i = 1; $i -lt $Bytes.Length; $i += 2) { if ($Bytes[$i] -eq 0) { $nuls++ } }
    if ($Bytes.Length -ge 2 -and $nuls * 4 -ge $Bytes.Length) {
        return [ordered]@{ encoding = 'utf-16le'; text = [System.Text.Encoding]::Unicode.GetString($Bytes) }
    }
    try {
        $strict = New-Object System.Text.UTF8Encoding($false, $true)
        return [ordered]@{ encoding = 'utf-8'; text = $strict.GetString($Bytes).TrimStart([char]0xFEFF) }
    } catch {
        $oem = [System.Text.Encoding]::GetEncoding([System.Globalization.CultureInfo]::CurrentCulture.TextInfo.OEMCodePage)
        return [ordered]@{ encoding = "cp$($oem.CodePage)"; text = $oem.GetString($Bytes) }
    }
}

# One stream as recorded: the exact bytes (base64), how many, and the text they decode to.
function New-StreamRecord {
    param([byte[]]$Bytes)
    $decoded = ConvertFrom-RawBytes $Bytes
    [ordered]@{ length = $Bytes.Length; base64 = [Convert]::ToBase64String($Bytes); encoding = $decoded.encoding; text = $decoded.text }
}

# Runs a program with a deadline; records its exit code, and stdout and stderr APART (the boot check must never
# read one for the other). $Environment sets variables for this program only; a $null value removes one.
# A program that cannot start is recorded with Windows' reason (System32\wsl.exe in session 0 is one).
# (The probe scripts' Invoke-Native starts programs the same way; this script stands alone, so it has its own.)
function Invoke-Recorded {
    param([string]$Name, [string]$Path, [string]$Arguments, [int]$TimeoutSeconds, [System.Collections.IDictionary]$Environment = @{})
    $record = [ordered]@{ name = $Name; as = $RunAs; path = $Path; arguments = $Arguments; environment = $Environment
        timeoutSeconds = $TimeoutSeconds; started = $false; timedOut = $false; exitCode = $null; millis = $null
        stdout = $null; stderr = $null; error = $null; win32Error = $null }
    if (-not (Test-Path -LiteralPath $Path)) { $record.error = 'not found'; return $record }
    $start = New-Object System.Diagnostics.ProcessStartInfo
    $start.FileName = $Path
    $start.Arguments = $Arguments
    $start.UseShellExecute = $false
    $start.CreateNoWindow = $true
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    foreach ($key in $Environment.Keys) {
        if ($null -eq $Environment[$key]) { $start.EnvironmentVariables.Remove($key) }
        else { $start.EnvironmentVariables[$key] = [string]$Environment[$key] }
    }
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    try { $process = [System.Diagnostics.Process]::Start($start) }
    catch {
        # PowerShell wraps the Win32Exception that says why Windows would not start the program.
        $reason = $_.Exception
        if ($reason.InnerException) { $reason = $reason.InnerException }
        $record.error = $reason.Message
        if ($reason -is [System.ComponentModel.Win32Exception]) { $record.win32Error = $reason.NativeErrorCode }
        return $record
    }
    $record.started = $true
    $stdout = New-Object System.IO.MemoryStream
    $stderr = New-Object System.IO.MemoryStream
    # Both pipes are drained at once, so that neither can fill up and stall the program.
    $copies = [System.Threading.Tasks.Task[]]@(
        $process.StandardOutput.BaseStream.CopyToAsync($stdout),
        $process.StandardError.BaseStream.CopyToAsync($stderr))
    if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
        $record.timedOut = $true
        try { $process.Kill() } catch { $record.error = "could not stop it: $($_.Exception.Message)" }
    }
    $null = [System.Threading.Tasks.Task]::WaitAll($copies, 10000)
    $record.millis = $watch.ElapsedMilliseconds
    if (-not $record.timedOut) { $record.exitCode = $process.ExitCode }
    $record.stdout = New-StreamRecord $stdout.ToArray()
    $record.stderr = New-StreamRecord $stderr.ToArray()
    $record
}

# Runs PowerShell code in a child powershell.exe with a deadline, like any program: a cmdlet stuck behind Windows
# servicing (the feature API holds a global lock) can then be stopped. The child prints its result as a JSON array
# in pure ASCII (\uXXXX beyond it), so no console code page can garble it.
function Invoke-RecordedPowerShell {
    param([string]$Name, [string]$Code, [int]$TimeoutSeconds)
    $wrapped = "`$ProgressPreference = 'SilentlyContinue'`n`$ErrorActionPreference = 'Stop'`n" +
        "`$json = ConvertTo-Json -InputObject @(& {`n$Code`n}) -Depth 5 -Compress`n" +
        "[regex]::Replace(`$json, '[^\x00-\x7F]', { param(`$m) '\u{0:x4}' -f [int][char]`$m.Value })"
    $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($wrapped))
    $record = Invoke-Recorded $Name $PowerShellExe "-NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand $encoded" $TimeoutSeconds
    # The encoded command says nothing to a reader: keep the code itself.
    $record.arguments = $Code.Trim()
    $record
}

# The wsl.exe part: which wsl.exe exist and answer, and with the one that answers (else the first found) what the
# probe asks of it. Returns the candidates and the steps.
function Get-WslRecords {
    param([string]$Distro, [int]$BootSeconds)
    $programFiles = $env:ProgramW6432
    if (-not $programFiles) { $programFiles = $env:ProgramFiles }
    $candidates = [ordered]@{ programFiles = "$programFiles\WSL\wsl.exe"; system32 = "$NativeSystem\wsl.exe" }
    $found = [ordered]@{}
    $steps = @()
    $answered = $null
    $used = $null
    # Unset, wsl.exe writes UTF-16LE and prints its warnings: the raw form.
    $raw = [ordered]@{ WSL_UTF8 = $null; WSL_DISABLE_WARNINGS = $null }
    foreach ($key in $candidates.Keys) {
        $path = $candidates[$key]
        $found[$key] = [ordered]@{ path = $path; exists = (Test-Path -LiteralPath $path) }
        if (-not $found[$key].exists) { continue }
        if (-not $used) { $used = $path }
        $version = Invoke-Recorded "wsl-version:$key" $path '--version' 60 $raw
        $steps += $version
        if ($version.exitCode -eq 0 -and -not $answered) { $answered = $key; $used = $path }
    }
    $result = [ordered]@{ candidates = $found; answered = $answered; used = $used; distro = $null; distroFrom = $null; steps = $null }
    if (-not $used) { $result.steps = $steps; return $result }
    $steps += Invoke-Recorded 'wsl-version-utf8' $used '--version' 60 ([ordered]@{ WSL_UTF8 = '1'; WSL_DISABLE_WARNINGS = $null })
    $steps += Invoke-Recorded 'wsl-status' $used '--status' 60 $raw
    $steps += Invoke-Recorded 'wsl-list-verbose' $used '-l -v' 60 $raw
    $quiet = Invoke-Recorded 'wsl-list-quiet' $used '-l -q' 60 $raw
    $steps += $quiet
    $result.distro = $Distro
    $result.distroFrom = 'parameter'
    if (-not $Distro -and $quiet.exitCode -eq 0) {
        $result.distro = @($quiet.stdout.text -split '[\r\n]+' | ForEach-Object { $_.Trim([char]0, [char]32, [char]0xFEFF) } | Where-Object { $_ })[0]
        $result.distroFrom = 'first of wsl -l -q'
    }
    # WSL's rule for distro names; it also keeps the command line unambiguous.
    if ($result.distro -and $result.distro -match '^[A-Za-z0-9._-]{1,64}\z') {
        $boot = "-d $($result.distro) -e uname -r"
        $steps += Invoke-Recorded 'boot' $used $boot $BootSeconds $raw
        $steps += Invoke-Recorded 'boot-as-probe' $used $boot $BootSeconds ([ordered]@{ WSL_UTF8 = '1'; WSL_DISABLE_WARNINGS = '1' })
    } else {
        $result.distroFrom = "no boot: no valid distro name ('$($result.distro)')"
    }
    $result.steps = $steps
    $result
}
# --- end of recorders ---

$here = Split-Path -Parent $MyInvocation.MyCommand.Path
# .NET resolves a relative path against the process's folder, not PowerShell's current one; a rooted $Out stays.
$outPath = [System.IO.Path]::Combine((Get-Location).ProviderPath, $Out)
$identity = [System.Security.Principal.WindowsIdentity]::GetCurrent()
$elevated = (New-Object System.Security.Principal.WindowsPrincipal($identity)).IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)

$recording = [ordered]@{
    selfTest = 'provision'; selfTestVersion = 1
    # 'recorded' by this script; a fixture put together from documented outputs says 'assembled' instead.
    origin = 'recorded'
    recordedAt = (Get-Date).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'")
    session = [ordered]@{ elevated = $elevated; isSystem = $identity.IsSystem
        sessionId = [System.Diagnostics.Process]::GetCurrentProcess().SessionId
        is64BitProcess = [Environment]::Is64BitProcess; is64BitOperatingSystem = [Environment]::Is64BitOperatingSystem
        powershell = $PSVersionTable.PSVersion.ToString(); culture = (Get-Culture).Name; uiCulture = (Get-UICulture).Name
        oemCodePage = [System.Globalization.CultureInfo]::CurrentCulture.TextInfo.OEMCodePage }
    steps = @()
    wsl = $null
    system = [ordered]@{ ran = $false; how = $null; reason = $null; isSystem = $null; sessionId = $null; wsl = $null }
}

function Save-Recording {
    $json = ConvertTo-Json -InputObject $recording -Depth 10
    [System.IO.File]::WriteAllText($outPath, $json, (New-Object System.Text.UTF8Encoding($false)))
}

function Add-Step($Record) {
    $recording.steps += $Record
    $outcome = if ($Record.timedOut) { 'timed out' } elseif ($Record.error) { $Record.error } else { "exit $($Record.exitCode)" }
    Write-Host ("{0,-28} {1,-7} {2} ({3} ms)" -f $Record.name, $Record.as, $outcome, $Record.millis)
    Save-Recording
}

Add-Step (Invoke-RecordedPowerShell 'os' @'
$os = Get-CimInstance -ClassName Win32_OperatingSystem
$cv = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
[ordered]@{ caption = [string]$os.Caption; version = [string]$os.Version; buildNumber = [string]$os.BuildNumber
    productType = [int]$os.ProductType; osArchitecture = [string]$os.OSArchitecture
    editionId = $cv.EditionID; installationType = $cv.InstallationType; displayVersion = $cv.DisplayVersion
    currentBuild = $cv.CurrentBuild; ubr = $cv.UBR }
'@ 60)

# An unknown name gives nothing rather than an error: the recording then holds an empty array.
$featureCode = @'
Get-WindowsOptionalFeature -Online -FeatureName '{feature}' | ForEach-Object {
    [ordered]@{ featureName = $_.FeatureName; state = [string]$_.State; stateValue = [int]$_.State; restartNeeded = [string]$_.RestartNeeded } }
'@
foreach ($feature in @('Microsoft-Hyper-V-All', 'Microsoft-Hyper-V', 'VirtualMachinePlatform', 'Microsoft-Windows-Subsystem-Linux')) {
    Add-Step (Invoke-RecordedPowerShell "feature:$feature" ($featureCode.Replace('{feature}', $feature)) 120)
}

Add-Step (Invoke-RecordedPowerShell 'win32-optional-feature' @'
$names = 'Microsoft-Hyper-V-All', 'Microsoft-Hyper-V', 'VirtualMachinePlatform', 'Microsoft-Windows-Subsystem-Linux'
$filter = ($names | ForEach-Object { "Name='$_'" }) -join ' OR '
Get-CimInstance -ClassName Win32_OptionalFeature -Filter $filter | ForEach-Object { [ordered]@{ name = $_.Name; installState = [int]$_.InstallState } }
'@ 60)

Add-Step (Invoke-Recorded 'bcdedit' "$NativeSystem\bcdedit.exe" '/enum {current}' 60)

Add-Step (Invoke-RecordedPowerShell 'services' @'
foreach ($name in 'vmcompute', 'hns', 'vfpext') {
    $service = Get-Service -Name $name -ErrorAction SilentlyContinue
    $cim = @(Get-CimInstance -ClassName Win32_Service -Filter "Name='$name'") + @(Get-CimInstance -ClassName Win32_SystemDriver -Filter "Name='$name'")
    $entry = [ordered]@{ name = $name; getService = $null; cim = $null }
    if ($service) { $entry.getService = [ordered]@{ status = [string]$service.Status; startType = [string]$service.StartType } }
    if ($cim.Count -gt 0) { $entry.cim = [ordered]@{ class = $cim[0].CimClass.CimClassName; state = [string]$cim[0].State; startMode = [string]$cim[0].StartMode } }
    $entry
}
'@ 60)

Add-Step (Invoke-RecordedPowerShell 'reboot-markers' @'
$renames = (Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager').PSObject.Properties['PendingFileRenameOperations']
$entries = 0
if ($renames) { $entries = @($renames.Value).Count }
[ordered]@{
    cbsRebootPending = Test-Path -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending'
    windowsUpdateRebootRequired = Test-Path -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired'
    pendingFileRenameOperations = [bool]$renames; pendingFileRenameEntries = $entries }
'@ 30)

$userWsl = Get-WslRecords -Distro $Distro -BootSeconds 300
foreach ($step in $userWsl.steps) { Add-Step $step }
$userWsl.Remove('steps')
$recording.wsl = $userWsl
Save-Recording

# As SYSTEM in session 0, through a scheduled task: the account and session Run Command and VMware guest
# operations use. The task runs the recorders above, shipped as gzip-compressed text inside its command line.
function Invoke-SystemPart([int]$TimeoutSeconds) {
    # Only a name WSL would accept reaches the task's script, so it cannot end the quoted string it stands in.
    $bootDistro = ''
    if ($recording.wsl.distro -match '^[A-Za-z0-9._-]{1,64}\z') { $bootDistro = $recording.wsl.distro }
    $target = [System.IO.Path]::Combine($env:SystemRoot, 'Temp', 'provision-self-test-' + [guid]::NewGuid().ToString('N') + '.json')
    $functions = foreach ($name in 'ConvertFrom-RawBytes', 'New-StreamRecord', 'Invoke-Recorded', 'Get-WslRecords') {
        "function $name {" + (Get-Item "function:$name").ScriptBlock.ToString() + "}"
    }
    $body = ($functions -join "`n") + @"

`$ErrorActionPreference = 'Stop'
`$RunAs = 'system'
`$NativeSystem = '$NativeSystem'
`$identity = [System.Security.Principal.WindowsIdentity]::GetCurrent()
`$part = [ordered]@{ isSystem = `$identity.IsSystem; sessionId = [System.Diagnostics.Process]::GetCurrentProcess().SessionId
    error = `$null; wsl = `$null }
try { `$part.wsl = Get-WslRecords -Distro '$bootDistro' -BootSeconds 60 } catch { `$part.error = `$_.Exception.Message }
[System.IO.File]::WriteAllText('$target.tmp', (ConvertTo-Json -InputObject `$part -Depth 10), (New-Object System.Text.UTF8Encoding(`$false)))
Move-Item -LiteralPath '$target.tmp' -Destination '$target' -Force
"@
    $packed = New-Object System.IO.MemoryStream
    $gzip = New-Object System.IO.Compression.GZipStream($packed, [System.IO.Compression.CompressionMode]::Compress)
    $bytes = [System.Text.Encoding]::UTF8.GetBytes($body)
    $gzip.Write($bytes, 0, $bytes.Length)
    $gzip.Close()
    $launcher = "`$s = New-Object System.IO.StreamReader((New-Object System.IO.Compression.GZipStream((New-Object System.IO.MemoryStream(, [Convert]::FromBase64String('" +
        [Convert]::ToBase64String($packed.ToArray()) + "'))), [System.IO.Compression.CompressionMode]::Decompress)), [System.Text.Encoding]::UTF8)`n" +
        "& ([scriptblock]::Create(`$s.ReadToEnd()))"
    $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($launcher))
    $task = 'provision-self-test-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
    $recording.system.how = "scheduled task '$task' as NT AUTHORITY\SYSTEM, removed afterwards; its command line holds $($encoded.Length) characters"
    try {
        $action = New-ScheduledTaskAction -Execute $PowerShellExe -Argument "-NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand $encoded"
        $principal = New-ScheduledTaskPrincipal -UserId 'NT AUTHORITY\SYSTEM' -LogonType ServiceAccount -RunLevel Highest
        $settings = New-ScheduledTaskSettingsSet -ExecutionTimeLimit (New-TimeSpan -Seconds ($TimeoutSeconds + 60)) -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries
        $null = Register-ScheduledTask -TaskName $task -Action $action -Principal $principal -Settings $settings
        Start-ScheduledTask -TaskName $task
        $deadline = (Get-Date).AddSeconds($TimeoutSeconds)
        while ((Get-Date) -lt $deadline -and -not (Test-Path -LiteralPath $target)) { Start-Sleep -Seconds 2 }
        if (-not (Test-Path -LiteralPath $target)) {
            $info = Get-ScheduledTaskInfo -TaskName $task
            $recording.system.reason = "no answer within $TimeoutSeconds s (task result $($info.LastTaskResult))"
            return
        }
        $part = [System.IO.File]::ReadAllText($target, [System.Text.Encoding]::UTF8) | ConvertFrom-Json
        $recording.system.ran = $true
        $recording.system.isSystem = $part.isSystem
        $recording.system.sessionId = $part.sessionId
        $recording.system.reason = $part.error
        if ($part.wsl) {
            foreach ($step in @($part.wsl.steps)) { Add-Step $step }
            $null = $part.wsl.PSObject.Properties.Remove('steps')
            $recording.system.wsl = $part.wsl
        }
    } catch {
        $recording.system.reason = "the SYSTEM part failed: $($_.Exception.Message)"
    } finally {
        # Stopped first, so that a task past its deadline cannot write its file after this script removed it.
        try { Stop-ScheduledTask -TaskName $task -ErrorAction SilentlyContinue } catch { }
        try { Unregister-ScheduledTask -TaskName $task -Confirm:$false -ErrorAction SilentlyContinue }
        catch { $recording.system.reason = "could not remove the task '$task': $($_.Exception.Message)" }
        Remove-Item -LiteralPath $target, "$target.tmp" -Force -ErrorAction SilentlyContinue
    }
}

if ($NoSystem) { $recording.system.reason = 'skipped: -NoSystem' }
elseif ($identity.IsSystem) { $recording.system.reason = 'skipped: this session runs as SYSTEM already' }
elseif (-not $elevated) { $recording.system.reason = 'skipped: not elevated (a task that runs as SYSTEM needs an administrator)' }
else { $null = Invoke-SystemPart 300 }
Save-Recording

# What the probe itself prints on this machine, when its scripts are beside this one: the verdict's input, next
# to the raw outputs it was drawn from.
$probeSystem = Join-Path $here 'probe-system.ps1'
$probeUser = Join-Path $here 'probe-user.ps1'
if (Test-Path -LiteralPath $probeSystem) {
    Add-Step (Invoke-Recorded 'probe-system' $PowerShellExe "-NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -File `"$probeSystem`"" 300)
}
if ((Test-Path -LiteralPath $probeUser) -and $recording.wsl.distro -match '^[A-Za-z0-9._-]{1,64}\z') {
    Add-Step (Invoke-Recorded 'probe-user' $PowerShellExe "-NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -File `"$probeUser`" -Distro $($recording.wsl.distro)" 360)
}

Save-Recording
Write-Host ('Wrote ' + $outPath + '. Read it, then attach it to your report of the wrong verdict.')
