# --- shared helpers: probe-common.ps1, spliced into probe-system.ps1 and probe-user.ps1 ---
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
