<#
  provision guest probe, runner for a desktop (probeVersion 1).

  READS ONLY, CHANGES NOTHING: the one file it writes is its output. It runs the two probe scripts beside it and
  writes what they print, two lines of JSON, to probe.json in the current folder (UTF-8):
    probe-system.ps1  Windows, its features, WSL, Docker Desktop, the hypervisor beneath and the kind of desktop
    probe-user.ps1    boots your WSL distro and reads its kernel release ('wsl -d <distro> -e uname -r')
  Their headers list everything they read. Nothing is sent anywhere: you give probe.json to provision yourself.

  Run it in PowerShell as the desktop's own user (WSL distros belong to one user), elevated if you can: without
  elevation the system part cannot read the hypervisor launch type, and the report says so.
      powershell -NoProfile -ExecutionPolicy Bypass -File .\run-probe.ps1 [-Distro Ubuntu] [-Out probe.json]
  Then, where provision runs:
      provision probe --input probe.json
#>
param([string]$Distro = 'Ubuntu', [string]$Out = 'probe.json')
Set-StrictMode -Version 2
$ErrorActionPreference = 'Stop'

$here = Split-Path -Parent $MyInvocation.MyCommand.Path
$system = & (Join-Path $here 'probe-system.ps1')
$user = & (Join-Path $here 'probe-user.ps1') -Distro $Distro
# .NET resolves a relative path against the process's folder, not PowerShell's current one; a rooted $Out stays.
$path = [System.IO.Path]::Combine((Get-Location).ProviderPath, $Out)
[System.IO.File]::WriteAllLines($path, [string[]]@($system, $user))
Write-Host ('Wrote ' + $path + '; next: provision probe --input ' + $Out)
