<#
.SYNOPSIS
    The listener's UDP side alone (issue 16): CPU and context switches per request of the receive layouts, against a
    baseline build in the same run.
.DESCRIPTION
    Starts bench/RasMfa.ReceiveSide (RadiusServer and RequestProcessor with a handler that accepts everything, no store)
    once per configuration, loaded from a module's engine: the baseline build (-BaselineModule; its one layout), then
    this checkout's with one socket read by several threads, and (Linux) with one socket per core sharing the port
    (SO_REUSEPORT), one thread each. Each handler kind: "sync" decides at once, "hop" completes each decision from a
    writer thread as the store's write queue does. Each configuration is driven by the benchmark's load generator
    (-Requests logins, -InFlight outstanding, after a warm-up of the same size); the listener's CPU and context switches
    (/proc) are divided by the requests answered. Prints each configuration's figures and its ratio to the baseline's.
.EXAMPLE
    dotnet pwsh ./bench/Measure-ReceiveSide.ps1 -BaselineModule /work/baseline/RasMfa/RasMfa.psd1
#>
param(
    [Parameter(Mandatory)] [string] $BaselineModule,
    [ValidateRange(1000, 1000000)] [int] $Requests = 20000,
    [ValidateRange(1, 1600)] [int] $InFlight = 64,
    [ValidateRange(1, 20)] [int] $Rounds = 3,
    [string[]] $Handler = @('sync', 'hop')
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3
$root = Split-Path $PSScriptRoot -Parent
$work = Join-Path ([System.IO.Path]::GetTempPath()) ("rasmfa-receive-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory -Path $work | Out-Null
$secret = 'receive-side-secret-0123456789'
$cores = [Environment]::ProcessorCount
$processes = [System.Collections.Generic.List[System.Diagnostics.Process]]::new()
Import-Module (Join-Path $PSScriptRoot 'ProcessSwitches.psm1') -Force

function Start-Harness([string] $Name, [string] $Engine, [string] $Kind, [int] $Sockets, [int] $Threads) {
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in @("$work/harness/RasMfa.ReceiveSide.dll", '--engine', $Engine, '--secret', $secret, '--handler', $Kind, '--sockets', $Sockets, '--threads', $Threads)) { $start.ArgumentList.Add([string]$argument) }
    $start.RedirectStandardInput = $true; $start.RedirectStandardOutput = $true; $start.UseShellExecute = $false
    $server = [System.Diagnostics.Process]::Start($start)
    $processes.Add($server)
    $ready = $server.StandardOutput.ReadLine()
    if ($ready -notmatch '^READY (\d+)$') { throw "$Name did not start: $ready" }
    $target = @{ Name = $Name; Kind = $Kind; Process = $server; Port = [int]$Matches[1]; Rows = [System.Collections.Generic.List[object]]::new() }
    [void](Invoke-Load $target)   # warm-up: the JIT, the pools
    $target
}

function Invoke-Load([hashtable] $Target) {
    $load = @($loadGen, 'load', '--server', "127.0.0.1:$($Target.Port)", '--secret', $secret, '--users', "$work/users.csv",
        '--requests', $Requests, '--in-flight', $InFlight, '--expect', 'radius', '--flow', 'code')
    $output = & dotnet @load
    if ($LASTEXITCODE -ne 0) { throw "Load generator failed: $output" }
    ($output | Where-Object { $_ -like 'RESULT *' }) -replace '^RESULT ', '' | ConvertFrom-Json
}

function Measure-Run([hashtable] $Target) {
    $Target.Rows.Add((Measure-PerRequest $Target.Process.Id { Invoke-Load $Target } $work))
}

try {
    $baselineEngine = Join-Path (Split-Path (Resolve-Path $BaselineModule).Path -Parent) 'bin/net8.0/dependencies'
    $engine = Join-Path $root 'out/RasMfa/bin/net8.0/dependencies'
    if (-not (Test-Path "$engine/RasMfa.Engine.dll")) { throw "Build this checkout first (build.ps1 Build): no $engine/RasMfa.Engine.dll." }
    & dotnet build (Join-Path $PSScriptRoot 'RasMfa.ReceiveSide/RasMfa.ReceiveSide.csproj') -c Release --nologo -v quiet -o "$work/harness" | Out-Null
    & dotnet build (Join-Path $PSScriptRoot 'RasMfa.LoadGen/RasMfa.LoadGen.csproj') -c Release --nologo -v quiet -o "$work/loadgen" | Out-Null
    $script:loadGen = "$work/loadgen/RasMfa.LoadGen.dll"
    # The handler accepts every name; the load generator wants a TOTP secret per user all the same.
    $lines = @('UserName,Secret') + (0..($Requests - 1) | ForEach-Object { "user$_,JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" })
    [System.IO.File]::WriteAllLines("$work/users.csv", $lines)
    $loadAtStart = (Get-Content /proc/loadavg -Raw).Trim()
    $targets = foreach ($kind in $Handler) {
        Start-Harness 'baseline' $baselineEngine $kind 0 0
        Start-Harness "1 socket, $([Math]::Max(2, $cores)) threads" $engine $kind 1 0
        if ($IsLinux) { Start-Harness "$([Math]::Max(2, $cores)) sockets (SO_REUSEPORT), 1 thread each" $engine $kind ([Math]::Max(2, $cores)) 1 }
    }
    # Rounds over every configuration in turn, so that each meets the shared machine's busy and quiet moments alike; medians.
    for ($round = 0; $round -lt $Rounds; $round++) { foreach ($target in $targets) { Measure-Run $target } }
    $results = foreach ($target in $targets) {
        [pscustomobject]@{
            Handler = $target.Kind; Configuration = $target.Name; PerSecond = [Math]::Round((Get-Median $target.Rows.PerSecond))
            CpuMicrosecondsPerRequest = [Math]::Round((Get-Median $target.Rows.Cpu), 1)
            SwitchesPerRequest = [Math]::Round((Get-Median $target.Rows.Switches), 2)
            SchedYieldsPerRequest = [Math]::Round((Get-Median $target.Rows.Yields), 3)
        }
    }
    "Receive side: $Requests requests per run, medians of $Rounds rounds, $InFlight in flight; $cores cores; $(Get-Date -Format 'yyyy-MM-dd HH:mm')"
    "load average at the start: $loadAtStart; at the end: $((Get-Content /proc/loadavg -Raw).Trim())"
    $results | Format-Table -AutoSize | Out-String -Width 200
    foreach ($kind in $Handler) {
        $base = $results | Where-Object { $_.Handler -eq $kind -and $_.Configuration -eq 'baseline' }
        foreach ($row in $results | Where-Object { $_.Handler -eq $kind -and $_.Configuration -ne 'baseline' }) {
            "ratio, {0}, {1} / baseline: CPU per request {2:N2}; context switches per request {3:N2}; sched_yield per request {4:N2}; requests/s {5:N2}" -f $kind, $row.Configuration,
                ($row.CpuMicrosecondsPerRequest / [Math]::Max(0.1, $base.CpuMicrosecondsPerRequest)),
                ($row.SwitchesPerRequest / [Math]::Max(0.01, $base.SwitchesPerRequest)),
                ($row.SchedYieldsPerRequest / [Math]::Max(0.001, $base.SchedYieldsPerRequest)), ($row.PerSecond / [Math]::Max(1, $base.PerSecond))
        }
    }
}
finally {
    foreach ($process in $processes) {
        try { $process.StandardInput.Close() } catch { }
        if (-not $process.WaitForExit(10000)) { $process.Kill() }
    }
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}
