<#
.SYNOPSIS
    What the SQLite store's login writer pays per login (issue 16): its commits (batch size), WAL frames, fsyncs, the
    checkpoint's page writes and the page reads, under radclient at several concurrencies.
.DESCRIPTION
    Enrols -Users users with TOTP secrets in a SQLite store of each build (this one, and -BaselineModule's if given) through
    the cmdlets (bench/BenchmarkListeners.psm1), starts one listener per build (Start-RasMfaRadiusServer, default settings),
    gives each a full untimed warm-up pass by radclient -p 256, then for each -Parallel a measured pass (radclient -p N,
    one code-only Access-Request per user, Message-Authenticator required; bench/RadclientPass.psm1) during which
    `perf stat --per-thread` counts the listener's fsync, fdatasync, pwrite64 and pread64 system calls by thread.
    Per accepted login it prints:
      commits      the writer thread's fsync + fdatasync (SQLite syncs the WAL once per commit, synchronous FULL; the
                   writer's own catch-up checkpoints add two each, rarely), and logins per commit (the batch size);
      WAL frames   the writer thread's pwrite64 / 2 (SQLite writes a frame's 24-byte header and its page apart), per login
                   and per commit, and the page size (a frame is one page);
      checkpoint   the checkpointer thread's pwrite64 (one per page copied into the database file) and its syncs;
      fsyncs, preads  all the listener's threads together (the readers' preads are the page-cache reads of the login read);
      CPU          user + system time of the listener process over the pass (perf stat's own cost on it included).
    Loopback only; the listeners are stopped at the end, on Ctrl+C or on failure. perf: /usr/bin/perf, as root or with
    perf_event_paranoid allowing tracepoints.
.EXAMPLE
    dotnet pwsh ./bench/Measure-WriterCost.ps1 -NoBuild
.EXAMPLE
    dotnet pwsh ./bench/Measure-WriterCost.ps1 -Parallel 256,16 -BaselineModule /work/baseline8/RasMfa.psd1 -NoBuild
#>
param(
    [ValidateRange(100, 50000)] [int] $Users = 20000,
    # radclient's outstanding requests, one measured pass each (comma-separated in one argument too, as pwsh -File passes them).
    [string[]] $Parallel = @('256', '16'),
    [string] $BaselineModule,
    # More listeners of this build, each on a store created with this page size (its file made by sqlite3 before the
    # listener enrols its users), beside the one on a store as this build creates it.
    [string[]] $PageSize = @(),
    [ValidateRange(0.5, 30)] [double] $TimeoutSeconds = 2,
    # The baseline's passes before this build's (on a machine whose load changes, which goes first matters).
    [switch] $BaselineFirst,
    # Measures the module already built (out/RasMfa) without running build.ps1 Build first.
    [switch] $NoBuild
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3
[int[]] $PageSize = @($PageSize -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ } | ForEach-Object { [int]$_ })
[int[]] $Parallel = @($Parallel -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ } | ForEach-Object { [int]$_ })
$perfPath = '/usr/bin/perf'
foreach ($tool in 'radclient', $perfPath, 'sqlite3') { if (-not (Get-Command $tool -ErrorAction SilentlyContinue)) { throw "$tool is not installed (Debian: freeradius-utils, linux-perf, sqlite3)." } }
if ($BaselineModule -and -not (Test-Path $BaselineModule -PathType Leaf)) { throw "-BaselineModule names no file: $BaselineModule" }
Import-Module (Join-Path $PSScriptRoot 'BenchmarkHelpers.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'BenchmarkListeners.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'RadclientPass.psm1') -Force
$root = Split-Path $PSScriptRoot -Parent
$work = Join-Path ([System.IO.Path]::GetTempPath()) ("rasmfa-writer-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory -Path $work | Out-Null
& chmod 700 $work
$processes = [System.Collections.Generic.List[System.Diagnostics.Process]]::new()
$secretText = 'writer-shared-secret-0123456789'
$lastSteps = @{}
$events = 'syscalls:sys_enter_fsync', 'syscalls:sys_enter_fdatasync', 'syscalls:sys_enter_pwrite64', 'syscalls:sys_enter_pread64'

# The thread ids of the listener's store writer and checkpointer, by the names the engine gives them (cut to 15 characters).
function Get-StoreThreads([int] $ProcessId) {
    $found = @{ Writer = @(); Checkpointer = @() }
    foreach ($task in Get-ChildItem "/proc/$ProcessId/task") {
        $name = (Get-Content "$($task.FullName)/comm" -ErrorAction SilentlyContinue)
        if ($name -like 'RasMfa store wr*') { $found.Writer += [int]$task.Name }
        elseif ($name -like 'RasMfa store ch*') { $found.Checkpointer += [int]$task.Name }
    }
    $found
}

# perf stat --per-thread -x, lines: "comm-tid,count,unit,event,...": counts by thread id and event.
function Read-PerfCounts([string] $Path) {
    $counts = @{}
    foreach ($line in Get-Content $Path) {
        $fields = $line -split ','
        if ($fields.Count -lt 4 -or $fields[0] -notmatch '-(\d+)$') { continue }
        $thread = [int]$Matches[1]
        $value = 0L
        if (-not [long]::TryParse($fields[1], [ref]$value)) { continue }
        $event = $fields[3] -replace '^syscalls:sys_enter_', ''
        if (-not $counts.ContainsKey($thread)) { $counts[$thread] = @{} }
        $counts[$thread][$event] = $value
    }
    $counts
}

function Get-Count($Counts, [int[]] $Threads, [string[]] $Names) {
    $sum = 0L
    foreach ($thread in $Counts.Keys) {
        if ($Threads -and $thread -notin $Threads) { continue }
        foreach ($name in $Names) { if ($Counts[$thread].ContainsKey($name)) { $sum += $Counts[$thread][$name] } }
    }
    $sum
}

function Invoke-MeasuredPass([hashtable] $Target, [int] $Width, [string] $Pass) {
    $requests = "$work/requests-$($Target.Key)-$Pass.txt"
    $step = Wait-RadclientStep $lastSteps[$Target.Key]
    # A narrow pass sends fewer logins (250 per outstanding request, at least 2,000): all of them would outlast the codes' step.
    $sent = if ($Pass -eq 'warm-up') { $logins } else { @($logins | Select-Object -First ([Math]::Max(2000, $Width * 250))) }
    Write-RadclientRequestFile $requests $sent $step
    $lastSteps[$Target.Key] = $step
    $perfOut = "$work/perf-$($Target.Key)-$Pass.csv"
    $perf = $null
    if ($Pass -ne 'warm-up') {
        $perf = Start-Process $perfPath -ArgumentList (@('stat', '--per-thread', '-x,', '-o', $perfOut, '-p', $Target.Process.Id) + ($events | ForEach-Object { '-e', $_ })) `
            -RedirectStandardError "$perfOut.err" -PassThru
        Start-Sleep -Milliseconds 500
    }
    $cpuBefore = Get-ProcessTreeCpuSeconds @($Target.Process.Id)
    $run = Invoke-RadclientPass -RequestFile $requests -Step $step -Port $Target.Port -Secret $secretText -Parallel $Width `
        -TimeoutSeconds $TimeoutSeconds -OutputPrefix "$work/radclient-$($Target.Key)-$Pass"
    $cpu = (Get-ProcessTreeCpuSeconds @($Target.Process.Id)) - $cpuBefore
    if (-not $perf) { return }
    & kill -INT $perf.Id
    $perf.WaitForExit()
    $counts = Read-PerfCounts $perfOut
    $threads = Get-StoreThreads $Target.Process.Id
    $accepted = [Math]::Max(1, $run.Accepted)
    $commits = Get-Count $counts $threads.Writer 'fsync', 'fdatasync'
    $frames = (Get-Count $counts $threads.Writer 'pwrite64') / 2
    [pscustomobject]@{
        Server = $Target.Name; Parallel = $Width; Sent = $sent.Count; Accepted = $run.Accepted; Lost = $run.Lost + $run.Rejected; PerSecond = [Math]::Round($run.Accepted / [Math]::Max(0.001, $run.Seconds))
        CpuUsPerLogin = [Math]::Round($cpu * 1e6 / $accepted, 1)
        Commits = $commits; LoginsPerCommit = [Math]::Round($run.Accepted / [Math]::Max(1, $commits), 1)
        WalFramesPerLogin = [Math]::Round($frames / $accepted, 2); WalFramesPerCommit = [Math]::Round($frames / [Math]::Max(1, $commits), 1)
        CheckpointPagesPerLogin = [Math]::Round((Get-Count $counts $threads.Checkpointer 'pwrite64') / $accepted, 2)
        FsyncsPerLogin = [Math]::Round((Get-Count $counts $null 'fsync', 'fdatasync') / $accepted, 3)
        PreadsPerLogin = [Math]::Round((Get-Count $counts $null 'pread64') / $accepted, 2)
        WriterPreadsPerLogin = [Math]::Round((Get-Count $counts $threads.Writer 'pread64') / $accepted, 2)
        PageSize = [int](& sqlite3 $Target.Database 'PRAGMA page_size')
    }
}

function Start-Target([string] $Key, [string] $Name, [string] $Module, [int] $Page = 0) {
    $folder = "$work/$Key"
    New-Item -ItemType Directory -Path $folder | Out-Null
    if ($Page) {
        & sqlite3 "$folder/rasmfa.db" "PRAGMA page_size = $Page; PRAGMA journal_mode = WAL;" | Out-Null
        & chmod 600 "$folder/rasmfa.db"
    }
    $port = Get-FreePort
    $listener = Start-BenchmarkListener -Folder $folder -Name listener -Port $port -Module $Module -Database "$folder/rasmfa.db" -Enrol -EnrolmentFolder $work -Secret $secretText
    $processes.Add($listener)
    Wait-ForLine "$folder/listener.out" 'READY' 900 $listener
    $lastSteps[$Key] = [long]-1
    @{ Key = $Key; Name = $Name; Port = $port; Process = $listener; Database = "$folder/rasmfa.db" }
}

$exitCode = 1
try {
    if (-not $NoBuild) {
        & dotnet pwsh (Join-Path $root 'build.ps1') Build | Out-Null
        if ($LASTEXITCODE -ne 0) { throw "build.ps1 Build failed." }
    }
    $module = Join-Path $root 'out/RasMfa/RasMfa.psd1'
    Import-Module $module
    $loadAtStart = (Get-Content /proc/loadavg -Raw).Trim()
    Write-EnrolmentFiles -Folder $work -From 0 -To $Users -Suffix '' -SliceSize $Users
    $script:logins = Read-RadclientLogins "$work/load-users-0.csv"
    $targets = @(Start-Target 'rasmfa' 'RasMfa (this build)' $module)
    foreach ($page in $PageSize) { $targets += Start-Target "page$page" "RasMfa, $page-byte pages" $module $page }
    if ($BaselineModule) { $targets += Start-Target 'baseline' 'baseline' (Resolve-Path $BaselineModule).Path }
    if ($BaselineFirst) { [array]::Reverse($targets) }
    foreach ($target in $targets) { Write-Host "Warm-up pass: $($target.Name)"; Invoke-MeasuredPass $target 256 'warm-up' }
    $rows = foreach ($width in $Parallel) {
        foreach ($target in $targets) { Write-Host "Measured pass, -p ${width}: $($target.Name)"; Invoke-MeasuredPass $target $width "p$width" }
    }
    "SQLite writer cost: $Users users, radclient -r 1 -t $TimeoutSeconds, code only, Message-Authenticator required; $(Get-Date -Format 'yyyy-MM-dd HH:mm')"
    "load average at the start: $loadAtStart; at the end: $((Get-Content /proc/loadavg -Raw).Trim())"
    $rows | Format-Table -AutoSize -Property Server, Parallel, Sent, Accepted, Lost, PerSecond, CpuUsPerLogin, Commits, LoginsPerCommit | Out-String -Width 200
    $rows | Format-Table -AutoSize -Property Server, Parallel, WalFramesPerLogin, WalFramesPerCommit, PageSize, CheckpointPagesPerLogin, FsyncsPerLogin, PreadsPerLogin, WriterPreadsPerLogin |
        Out-String -Width 200
    $exitCode = 0
}
finally {
    foreach ($process in $processes) { if (-not $process.HasExited) { Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue } }
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}
exit $exitCode
