<#
  provision guest probe, user part (probeVersion 1).

  READS ONLY, CHANGES NOTHING: it installs, enables and configures nothing. It boots the named WSL distro and
  reads its kernel release ('wsl -d <distro> -e uname -r'), or what wsl.exe prints when the distro cannot boot
  (stdout and stderr apart), and which wsl.exe it ran.
  Booting starts WSL's lightweight utility VM, which WSL stops by itself when it has been idle for a while.

  Must run as the user who owns the distro (WSL distros are per user, and WSL cannot run as LocalSystem): Azure
  Managed Run Command with runAsUser, or VMware guest operations with that user's credentials.
  Prints one line of JSON, always under 4,096 bytes: Run Command keeps only the last 4,096 bytes of output.
#>
param([Parameter(Mandatory = $true)][string]$Distro)
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
$Limit = @{ user = 80; distro = 64; output = 300; stderr = 300; errors = 160; other = 48 }

# --- probe-common.ps1: provision splices the shared helpers in here when it loads this script ---

$doc = [ordered]@{
    probe = 'provision'; probeVersion = 1; part = 'user'
    user = $null; localSystem = $null; distro = $Distro; wslExe = $null; exitCode = $null; output = $null; stderr = $null
    errors = $null
}

Invoke-Section 'user' {
    $identity = [System.Security.Principal.WindowsIdentity]::GetCurrent()
    $doc.user = $identity.Name
    $doc.localSystem = $identity.IsSystem
}

Invoke-Section 'wsl' {
    if ($doc.localSystem -ne $false) { throw 'runs as LocalSystem or as an unknown user, and WSL cannot run as LocalSystem' }
    # WSL accepts only these characters in a distro name; checking them also keeps the command line unambiguous.
    if ($Distro -notmatch '^[A-Za-z0-9._-]{1,64}\z') { throw 'the distro name may hold only letters, digits, dot, dash and underscore' }
    $wsl = Find-Wsl
    if (-not $wsl) { throw 'wsl.exe not found' }
    $doc.wslExe = $wsl
    $boot = Invoke-Native $wsl "-d $Distro -e uname -r" 300
    $doc.exitCode = $boot.Exit
    # Kept apart and cut apart: the release and wsl.exe's own errors come on stdout, its warnings on stderr.
    $doc.output = $boot.Out
    $doc.stderr = $boot.Err
}

$doc.errors = @($failed.Values)
ConvertTo-ProbeJson $doc
