<#
.SYNOPSIS
    Context switches and sched_yield calls per login (issue 16) of this build against a baseline build, on SQLite,
    code only, measured in the same run.
.DESCRIPTION
    Enrols -Requests x (-Rounds + 1) users into one SQLite store per build (bench/BenchmarkListeners.psm1), starts a
    listener of each build (Start-RasMfaRadiusServer in a PowerShell process of its own, default settings), warms each
    up with one run of the load generator, then measures -Rounds runs of each in turn, every run on users not used
    before in its store (a code is good once). Per login: the listener's CPU, its context switches (every thread's, from
    /proc) and, where perf runs, its sched_yield calls (perf stat -e syscalls:sys_enter_sched_yield -p). Prints medians
    and their ratios, this build over the baseline.
.EXAMPLE
    dotnet pwsh ./bench/Measure-LoginSwitches.ps1 -BaselineModule /work/baseline/RasMfa/RasMfa.psd1
#>
param(
    [Parameter(Mandatory)] [string] $BaselineModule,
    [ValidateRange(500, 100000)] [int] $Requests = 2000,
    [ValidateRange(1, 10)] [int] $Rounds = 3,
    [ValidateRange(1, 1600)] [int] $InFlight = 64
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3
Import-Module (Join-Path $PSScriptRoot 'BenchmarkHelpers.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'BenchmarkListeners.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'ProcessSwitches.psm1') -Force
$root = Split-Path $PSScriptRoot -Parent
$work = Join-Path ([System.IO.Path]::GetTempPath()) ("rasmfa-switches-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory -Path $work | Out-Null
if (-not $IsWindows) { & chmod 700 $work }
$secret = 'benchmark-shared-secret-0123456789'
$listeners = [System.Collections.Generic.List[System.Diagnostics.Process]]::new()

try {
    $module = Join-Path $root 'out/RasMfa/RasMfa.psd1'
    if (-not (Test-Path $module)) { throw "Build this checkout first (build.ps1 Build): no $module." }
    & dotnet build (Join-Path $PSScriptRoot 'RasMfa.LoadGen/RasMfa.LoadGen.csproj') -c Release --nologo -v quiet -o "$work/loadgen" | Out-Null
    $loadGen = "$work/loadgen/RasMfa.LoadGen.dll"
    Import-Module $module
    Write-EnrolmentFiles -Folder $work -From 0 -To ($Requests * ($Rounds + 1)) -Suffix '' -SliceSize $Requests
    $targets = foreach ($build in @(@{ Name = 'baseline'; Module = (Resolve-Path $BaselineModule).Path }, @{ Name = 'this build'; Module = $module })) {
        $folder = "$work/$($build.Name -replace ' ', '-')"
        New-Item -ItemType Directory -Path $folder | Out-Null
        $port = Get-FreePort
        $listener = Start-BenchmarkListener -Folder $folder -Name listener -Port $port -Module $build.Module -Enrol -EnrolmentFolder $work -Secret $secret -Database "$folder/rasmfa.db"
        $listeners.Add($listener)
        Wait-ForLine "$folder/listener.out" 'READY' 600 $listener
        @{ Name = $build.Name; Port = $port; Process = $listener; Rows = [System.Collections.Generic.List[object]]::new(); Slice = 0 }
    }
    $load = {
        param($Target)
        $arguments = @($loadGen, 'load', '--server', "127.0.0.1:$($Target.Port)", '--secret', $secret, '--users', "$work/load-users-$($Target.Slice).csv",
            '--requests', $Requests, '--in-flight', $InFlight, '--expect', 'radius', '--flow', 'code')
        $Target.Slice++
        $output = & dotnet @arguments
        if ($LASTEXITCODE -ne 0) { throw "Load generator failed: $output" }
        ($output | Where-Object { $_ -like 'RESULT *' }) -replace '^RESULT ', '' | ConvertFrom-Json
    }
    foreach ($target in $targets) { [void](& $load $target) }   # warm-up: the JIT, the pools, the store's pages
    $loadAtStart = (Get-Content /proc/loadavg -Raw).Trim()
    for ($round = 0; $round -lt $Rounds; $round++) {
        foreach ($target in $targets) {
            $row = Measure-PerRequest $target.Process.Id { & $load $target } $work
            if ($row.Result.accepted -ne $Requests) { Write-Warning "$($target.Name): $($row.Result.accepted) of $Requests accepted" }
            $target.Rows.Add($row)
        }
    }
    "Logins (SQLite, code only): $Requests per run, medians of $Rounds rounds, $InFlight in flight; $([Environment]::ProcessorCount) cores; $(Get-Date -Format 'yyyy-MM-dd HH:mm')"
    "load average at the start: $loadAtStart; at the end: $((Get-Content /proc/loadavg -Raw).Trim())"
    $results = foreach ($target in $targets) {
        [pscustomobject]@{
            Build = $target.Name; LoginsPerSecond = [Math]::Round((Get-Median $target.Rows.PerSecond))
            CpuMicrosecondsPerLogin = [Math]::Round((Get-Median $target.Rows.Cpu), 1)
            SwitchesPerLogin = [Math]::Round((Get-Median $target.Rows.Switches), 2)
            SchedYieldsPerLogin = [Math]::Round((Get-Median $target.Rows.Yields), 3)
        }
    }
    $results | Format-Table -AutoSize | Out-String -Width 200
    $base, $now = $results
    "ratio, this build / baseline: CPU per login {0:N2}; context switches per login {1:N2}; sched_yield per login {2:N2}; logins/s {3:N2}" -f
        ($now.CpuMicrosecondsPerLogin / [Math]::Max(0.1, $base.CpuMicrosecondsPerLogin)), ($now.SwitchesPerLogin / [Math]::Max(0.01, $base.SwitchesPerLogin)),
        ($now.SchedYieldsPerLogin / [Math]::Max(0.001, $base.SchedYieldsPerLogin)), ($now.LoginsPerSecond / [Math]::Max(1, $base.LoginsPerSecond))
}
finally {
    foreach ($listener in $listeners) { if (-not $listener.HasExited) { Stop-Process -Id $listener.Id -Force -ErrorAction SilentlyContinue } }
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}
