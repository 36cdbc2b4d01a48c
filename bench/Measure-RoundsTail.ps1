<#
.SYNOPSIS
    What makes the two-round login's latency tail at half load (issue 16): the latencies of each round apart, their
    histogram and where in the run the slow ones fall, with the listener's own store-write and total histograms.
.DESCRIPTION
    Enrols -Users users (slices of -Requests) in a SQLite store through the cmdlets and starts one RasMfa listener of
    -Module (default: this checkout's out/RasMfa) in a PowerShell process of its own, with its metrics endpoint on a free
    loopback port (Start-RasMfaRadiusServer -MetricsAddress). Then, with our load generator (bench/RasMfa.LoadGen, -InFlight
    outstanding): a warm-up at full load of each flow, the most two-round logins it answers, then at half that rate
    (as bench/Invoke-Benchmark.ps1 measures p99) -Repeat times each:
      TwoRounds  both rounds, timed from the first request to the second answer (Invoke-Benchmark's figure);
      Round1     the first round only (user name, empty password: a challenge opened, stored durably);
      Round2     both rounds sent, only the second timed (the State read, the challenge spent, the code's write);
      Code       one code-only request per login, at the same rate of logins.
    For each: p50/p90/p99/p99.9/max, the count over 5 and 10 ms, the slow logins' positions in the run (tenths), and the
    listener's histograms of the run (rasmfa_request_duration_seconds, stages store_write and total; one observation per
    request, so per round): how many of the requests' tails are the store's write.
    -TraceSyncs: each half-load two-round run under perf trace: the listener's syncs per thread, by pages written before each.
    -ListenerEnvironment NAME=VALUE;... starts the listener with those variables (the runtime's, DOTNET_gcServer=1).
    Loopback only; the listener is stopped at the end, on Ctrl+C or on failure.
.EXAMPLE
    dotnet pwsh ./bench/Measure-RoundsTail.ps1
.EXAMPLE
    dotnet pwsh ./bench/Measure-RoundsTail.ps1 -Module /work/baseline8/RasMfa.psd1 -Repeat 2
#>
param(
    [ValidateRange(1000, 100000)] [int] $Users = 15000,
    [ValidateRange(100, 20000)] [int] $Requests = 3000,
    [ValidateRange(1, 1600)] [int] $InFlight = 64,
    [ValidateRange(0, 10)] [int] $Repeat = 2,
    [string] $Module,
    [string] $ListenerEnvironment,
    # Each half-load two-round run under perf trace (the listener's pwrite64, fsync and fdatasync calls): per thread, its
    # syncs by the pages written before each (the writer's commits, the checkpointer's copies), their mean and longest.
    [switch] $TraceSyncs
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3
Import-Module (Join-Path $PSScriptRoot 'BenchmarkHelpers.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'BenchmarkListeners.psm1') -Force
$root = Split-Path $PSScriptRoot -Parent
if (-not $Module) { $Module = Join-Path $root 'out/RasMfa/RasMfa.psd1' }
$Module = (Resolve-Path $Module).Path
$work = Join-Path ([System.IO.Path]::GetTempPath()) ("rasmfa-tail-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory -Path $work | Out-Null
& chmod 700 $work
$secretText = 'tail-shared-secret-0123456789'
$sliceCount = [Math]::Floor($Users / $Requests)
$sliceSteps = [long[]]::new($sliceCount); [Array]::Fill($sliceSteps, [long]-1)
$listener = $null

# A slice of users whose codes this store has not seen in the current step.
function Get-FreeSlice {
    while ($true) {
        $step = Get-CurrentStep
        for ($slice = 0; $slice -lt $sliceCount; $slice++) { if ($sliceSteps[$slice] -lt $step) { return $slice } }
        Wait-NextStep
    }
}

# The listener's request-duration histogram, cumulative counts per stage and bucket (le), as its endpoint shows them now.
function Get-StageHistogram {
    $text = (Invoke-WebRequest -UseBasicParsing "http://127.0.0.1:$metricsPort/metrics").Content
    $counts = @{}
    foreach ($match in [regex]::Matches($text, 'rasmfa_request_duration_seconds_bucket\{stage="(\w+)",le="([^"]+)"\} (\d+)')) {
        $counts["$($match.Groups[1].Value) $($match.Groups[2].Value)"] = [long]$match.Groups[3].Value
    }
    $counts
}

function Invoke-Run([string] $Flow, [double] $Rate, [int] $TimeRound, [string] $Name) {
    $slice = Get-FreeSlice
    $latencyFile = "$work/$Name.tsv"
    $arguments = @($loadGen, 'load', '--server', "127.0.0.1:$port", '--secret', $secretText, '--users', "$work/load-users-$slice.csv",
        '--requests', $Requests, '--in-flight', $InFlight, '--expect', 'radius', '--flow', $Flow, '--latency-file', $latencyFile)
    if ($Rate -gt 0) { $arguments += @('--rate', [Math]::Round($Rate, 1)) }
    if ($TimeRound -gt 0) { $arguments += @('--time-round', $TimeRound) }
    $before = Get-StageHistogram
    $trace = $null
    if ($TraceSyncs -and $Name -eq 'TwoRounds') {
        $trace = Start-Process /usr/bin/perf -ArgumentList @('trace', '-e', 'pwrite64,fsync,fdatasync', '-p', $listener.Id, '-o', "$work/$Name.trace") -RedirectStandardError "$work/$Name.trace.err" -PassThru
        Start-Sleep -Milliseconds 1500
    }
    $output = & dotnet @arguments
    if ($trace) { & kill -INT $trace.Id; $trace.WaitForExit(); Write-Commits "$work/$Name.trace" | Write-Host }
    $after = Get-StageHistogram
    $sliceSteps[$slice] = Get-CurrentStep
    if ($LASTEXITCODE -ne 0) { throw "Load generator failed: $output" }
    $result = ($output | Where-Object { $_ -like 'RESULT *' }) -replace '^RESULT ', '' | ConvertFrom-Json
    $delta = @{}; foreach ($key in $after.Keys) { $delta[$key] = $after[$key] - $(if ($before.ContainsKey($key)) { $before[$key] } else { 0 }) }
    [pscustomobject]@{ Name = $Name; Result = $result; Latencies = @(Get-Content $latencyFile | ForEach-Object { [double]($_ -split "`t")[1] }); Stages = $delta; Load = (Get-Content /proc/loadavg -Raw).Trim() }
}

<#
    Reads perf trace's log of the listener's pwrite64 and fsync calls: per thread, each fsync with the 4 KiB pages written
    since the thread's last one (the writer: a commit's WAL frames; the checkpointer: the pages it copied), printed by
    pages per sync: how many, their mean and longest fsync.
#>
function Write-Commits([string] $Path) {
    $line = [regex]'^\s*[\d.]+ \(\s*([\d.]+) ms\): (.+)/(\d+) (pwrite64|fsync|fdatasync)\((.*)\)\s+= (-?\d+)'
    $pages = @{}; $syncs = [System.Collections.Generic.List[object]]::new()
    foreach ($text in [System.IO.File]::ReadLines($Path)) {
        $match = $line.Match($text)
        if (-not $match.Success) { continue }
        $thread = $match.Groups[2].Value
        if ($match.Groups[4].Value -eq 'pwrite64') { $pages[$thread] = $(if ($pages.ContainsKey($thread)) { $pages[$thread] } else { 0 }) + [Math]::Floor([long]$match.Groups[6].Value / 4096); continue }
        $syncs.Add([pscustomobject]@{ Thread = $thread; Pages = $(if ($pages.ContainsKey($thread)) { $pages[$thread] } else { 0 }); Ms = [double]$match.Groups[1].Value })
        $pages[$thread] = 0
    }
    foreach ($group in $syncs | Group-Object Thread) {
        foreach ($class in @(@(0, 8), @(9, 32), @(33, 128), @(129, 512), @(513, [int]::MaxValue))) {
            $these = @($group.Group | Where-Object { $_.Pages -ge $class[0] -and $_.Pages -le $class[1] })
            if (-not $these.Count) { continue }
            $stats = $these | Measure-Object Ms -Average -Maximum -Sum
            "           {0,-16} syncs after {1,4}-{2,-4} pages: {3,5}, fsync mean {4:N2} ms, longest {5:N2} ms, all {6:N0} ms; pages {7}" -f $group.Name, $class[0],
                $(if ($class[1] -eq [int]::MaxValue) { '' } else { $class[1] }), $these.Count, $stats.Average, $stats.Maximum, $stats.Sum, ($these | Measure-Object Pages -Sum).Sum
        }
    }
}

function Write-Run([object] $Run) {
    $answered = @($Run.Latencies | Where-Object { -not [double]::IsNaN($_) })
    $sorted = [double[]]($answered | Sort-Object)
    $at = { param($q) if ($sorted.Count) { $sorted[[Math]::Min($sorted.Count - 1, [int][Math]::Floor($q * $sorted.Count))] } else { [double]::NaN } }
    $slow = 0..($Run.Latencies.Count - 1) | Where-Object { $Run.Latencies[$_] -gt 5 }
    $tenths = @(0..9 | ForEach-Object { $tenth = $_; @($slow | Where-Object { [int][Math]::Floor(10 * $_ / $Run.Latencies.Count) -eq $tenth }).Count }) -join ' '
    "{0,-10} {1,5} answered of {2}, {3:N0}/s: p50 {4:N2} p90 {5:N2} p99 {6:N2} p99.9 {7:N2} max {8:N2} ms; over 5 ms {9}, over 10 ms {10}; over 5 ms by tenth of the run: {11}; load {12}" -f `
        $Run.Name, $answered.Count, $Run.Latencies.Count, $Run.Result.answeredPerSecond, (& $at 0.5), (& $at 0.9), (& $at 0.99), (& $at 0.999), $sorted[-1],
        @($answered | Where-Object { $_ -gt 5 }).Count, @($answered | Where-Object { $_ -gt 10 }).Count, $tenths, $Run.Load
    foreach ($stage in 'store_write', 'total') {
        $total = $Run.Stages["$stage +Inf"]
        $over = { param($le) $total - $Run.Stages["$stage $le"] }
        "           listener {0,-11}: {1} requests; over 2.5 ms {2}, over 5 ms {3}, over 10 ms {4}, over 25 ms {5}" -f $stage, $total, (& $over '0.0025'), (& $over '0.005'), (& $over '0.01'), (& $over '0.025')
    }
}

try {
    & dotnet build (Join-Path $PSScriptRoot 'RasMfa.LoadGen/RasMfa.LoadGen.csproj') -c Release --nologo -v quiet -o "$work/loadgen" | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "The load generator did not build." }
    $script:loadGen = "$work/loadgen/RasMfa.LoadGen.dll"
    Import-Module $Module
    Write-EnrolmentFiles -Folder $work -From 0 -To $Users -Suffix '' -SliceSize $Requests
    $script:port = Get-FreePort; $script:metricsPort = Get-FreePort
    $variables = @{}
    foreach ($pair in @("$ListenerEnvironment" -split ';' | ForEach-Object { $_.Trim() } | Where-Object { $_ })) { $name, $value = $pair -split '=', 2; $variables[$name] = $value }
    foreach ($name in $variables.Keys) { Set-Item "Env:$name" $variables[$name] }
    try { $listener = Start-BenchmarkListener -Folder $work -Name listener -Port $port -Module $Module -Enrol -EnrolmentFolder $work -Secret $secretText -Database "$work/rasmfa.db" }
    finally { foreach ($name in $variables.Keys) { Remove-Item "Env:$name" -ErrorAction SilentlyContinue } }
    # The listener's script is Start-BenchmarkListener's, with the metrics endpoint added: started again on the enrolled store.
    Wait-ForLine "$work/listener.out" 'READY' 900 $listener
    Stop-Process -Id $listener.Id -Force; $listener.WaitForExit()
    (Get-Content "$work/listener.ps1" -Raw) -replace '"Enrol": true', '"Enrol": false' -replace 'Start-RasMfaRadiusServer -Port \$settings.Port', "Start-RasMfaRadiusServer -MetricsAddress 127.0.0.1:$metricsPort -Port `$settings.Port" |
        Set-Content "$work/listener.ps1"
    (Get-Content "$work/listener.json" -Raw) -replace '"Enrol": true', '"Enrol": false' | Set-Content "$work/listener.json"
    Remove-Item "$work/listener.out"
    foreach ($name in $variables.Keys) { Set-Item "Env:$name" $variables[$name] }
    try {
        $pwsh = (Get-Process -Id $PID).Path
        $listener = Start-Process $pwsh -ArgumentList @((Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-File', "$work/listener.ps1", '-SettingsFile', "$work/listener.json") `
            -RedirectStandardOutput "$work/listener.out" -RedirectStandardError "$work/listener.err" -PassThru
    }
    finally { foreach ($name in $variables.Keys) { Remove-Item "Env:$name" -ErrorAction SilentlyContinue } }
    Wait-ForLine "$work/listener.out" 'READY' 300 $listener
    "rounds tail: module $Module; $Users users, $Requests logins per run, $InFlight in flight; environment '$ListenerEnvironment'; $(Get-Date -Format 'yyyy-MM-dd HH:mm'); load $((Get-Content /proc/loadavg -Raw).Trim())"
    [void](Invoke-Run challenge 0 0 'warm-up')
    [void](Invoke-Run code 0 0 'warm-up-code')
    $max = Invoke-Run challenge 0 0 'max'
    Write-Run $max
    $rate = $max.Result.answeredPerSecond / 2
    "half load: $([Math]::Round($rate)) logins/s"
    for ($n = 1; $n -le $Repeat; $n++) {
        Write-Run (Invoke-Run challenge $rate 0 'TwoRounds')
        Write-Run (Invoke-Run challenge $rate 2 'Round2')
        Write-Run (Invoke-Run code $rate 0 'Code')
        # Last: its challenges stay open (unanswered) until they expire.
        Write-Run (Invoke-Run challenge $rate 1 'Round1')
    }
    "load at the end: $((Get-Content /proc/loadavg -Raw).Trim())"
}
finally {
    if ($listener -and -not $listener.HasExited) { Stop-Process -Id $listener.Id -Force -ErrorAction SilentlyContinue }
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}
