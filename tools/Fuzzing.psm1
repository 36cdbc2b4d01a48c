# Coverage-guided fuzzing of the engine with SharpFuzz and AFL++ (tests/RasMfa.Fuzz; docs/fuzzing.md). build.ps1 Fuzz runs
# it on its own, build.ps1 Test runs it bounded. The instrumented engine is build output: made here, under out/fuzz, each run.
Set-StrictMode -Version 3

# The harness's targets: the packet decoder, and the whole request path over a real store.
$script:FuzzTargets = 'packet', 'request'

# What afl-fuzz needs to run unattended as root in CI, with no changes to the machine: no CPU governor or core_pattern
# checks (a crash is seen by SharpFuzz's fork server, not by a core dump), no status screen, no pinning to a core that
# others share, and no complaint that `dotnet` carries no AFL instrumentation (the engine assembly does).
$script:AflEnvironment = [ordered]@{
    AFL_SKIP_CPUFREQ                      = '1'
    AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES = '1'
    AFL_NO_UI                             = '1'
    AFL_NO_AFFINITY                       = '1'
    AFL_SKIP_BIN_CHECK                    = '1'
    # .NET starts and opens the store before the fork server answers: give it longer than the default.
    AFL_FORKSRV_INIT_TMOUT                = '60000'
}

<#
    Publishes the harness to <Out>/bin and instruments the engine assembly there (dotnet tool SharpFuzz.CommandLine, from
    .config/dotnet-tools.json). Returns the harness's path.
#>
function Build-FuzzHarness {
    param([Parameter(Mandatory)] [string] $Root, [Parameter(Mandatory)] [string] $Out, [string] $Configuration = 'Release')
    $bin = Join-Path $Out 'bin'
    if (Test-Path $bin) { Remove-Item $bin -Recurse -Force }
    $project = Join-Path $Root 'tests/RasMfa.Fuzz/RasMfa.Fuzz.csproj'
    & dotnet publish $project -c $Configuration -o $bin --nologo -v quiet | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "The fuzz harness did not build (dotnet publish exited with $LASTEXITCODE)." }
    Push-Location $Root
    try {
        & dotnet tool restore | Out-Null
        $instrumented = & dotnet sharpfuzz (Join-Path $bin 'RasMfa.Engine.dll') 2>&1
        if ($LASTEXITCODE -ne 0) { throw "SharpFuzz could not instrument RasMfa.Engine.dll: $instrumented" }
    }
    finally { Pop-Location }
    Join-Path $bin 'RasMfa.Fuzz.dll'
}

# afl-fuzz's fuzzer_stats file as a hashtable of its 'name : value' lines.
function Read-AflStats([string] $Path) {
    $stats = @{}
    if (-not (Test-Path $Path)) { return $stats }
    foreach ($line in Get-Content $Path) {
        if ($line -match '^\s*(\S+)\s*:\s*(.*)$') { $stats[$Matches[1]] = $Matches[2].Trim() }
    }
    $stats
}

<#
    Runs one target under afl-fuzz for about $Seconds, from the committed seed corpus (or, with $Resume, from where the
    last run in $Out left off). Returns its figures; the crashing inputs stay in <Out>/findings/<target>/default/crashes.
#>
function Invoke-FuzzTarget {
    param(
        [Parameter(Mandatory)] [string] $Root,
        [Parameter(Mandatory)] [string] $Out,
        [Parameter(Mandatory)] [string] $Harness,
        [Parameter(Mandatory)] [ValidateSet('packet', 'request')] [string] $Target,
        [Parameter(Mandatory)] [int] $Seconds,
        [switch] $Resume
    )
    $findings = Join-Path $Out "findings/$Target"
    $log = Join-Path $Out "$Target.log"
    $corpus = Join-Path $Root "tests/RasMfa.Fuzz/corpus/$Target"
    $dictionary = Join-Path $Root 'tests/RasMfa.Fuzz/radius.dict'
    $resuming = $Resume -and (Test-Path (Join-Path $findings 'default/fuzzer_stats'))
    if (-not $resuming -and (Test-Path $findings)) { Remove-Item $findings -Recurse -Force }
    New-Item -ItemType Directory -Path (Split-Path $findings) -Force | Out-Null
    $inputFolder = if ($resuming) { '-' } else { $corpus }
    $dotnet = (Get-Command dotnet).Source
    # The request target's stores: in memory where /dev/shm exists, and deleted after the run (afl-fuzz ends the
    # harness with a signal, so it cannot clean up after itself).
    $work = Join-Path $(if (Test-Path '/dev/shm') { '/dev/shm' } else { $Out }) ("rasmfa-fuzz-run-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
    New-Item -ItemType Directory -Path $work | Out-Null
    $environment = [ordered]@{ RASMFA_FUZZ_WORK = $work }
    foreach ($name in $script:AflEnvironment.Keys) { $environment[$name] = $script:AflEnvironment[$name] }
    $saved = @{}
    foreach ($name in $environment.Keys) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $environment[$name])
    }
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    try {
        # -t: a slow execution is a hang; SharpFuzz runs every input in one process, so a hang ends the run (see docs/fuzzing.md).
        & afl-fuzz -i $inputFolder -o $findings -x $dictionary -t 5000 -m none -V $Seconds -- $dotnet $Harness $Target *> $log
        $exitCode = $LASTEXITCODE
    }
    finally {
        foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    }
    $stats = Read-AflStats (Join-Path $findings 'default/fuzzer_stats')
    $crashFolder = Join-Path $findings 'default/crashes'
    $crashes = @(if (Test-Path $crashFolder) { Get-ChildItem $crashFolder -File | Where-Object Name -ne 'README.txt' })
    $hangFolder = Join-Path $findings 'default/hangs'
    $hangs = @(if (Test-Path $hangFolder) { Get-ChildItem $hangFolder -File | Where-Object Name -ne 'README.txt' })
    [pscustomobject]@{
        Target      = $Target
        ExitCode    = $exitCode
        Elapsed     = $watch.Elapsed
        Executions  = [long]$(if ($stats['execs_done']) { $stats['execs_done'] } else { 0 })
        PerSecond   = $stats['execs_per_sec']
        Paths       = [int]$(if ($stats['corpus_count']) { $stats['corpus_count'] } else { 0 })
        Coverage    = $stats['bitmap_cvg']
        Stability   = $stats['stability']
        Crashes     = $crashes
        Hangs       = $hangs
        CrashFolder = $crashFolder
        Log         = $log
        LastInput   = Join-Path $findings 'default/.cur_input'
    }
}

<#
    Builds and instruments the harness, replays each target's committed corpus, runs each target for half of $Seconds,
    and says what was found. A target fails when an input of its corpus fails, when afl-fuzz saved a crash or a hang, or stopped early (a hang or an uncatchable fault ends SharpFuzz's fork server).
    Each crashing input is replayed on the uninstrumented path to show its exception. Returns a pass/fail count per target.
#>
function Invoke-Fuzzing {
    param([Parameter(Mandatory)] [string] $Root, [int] $Seconds = 60, [string] $Configuration = 'Release', [switch] $Resume)
    if (-not (Get-Command afl-fuzz -ErrorAction SilentlyContinue)) { throw "afl-fuzz is missing: install the Debian package afl++ (build.ps1 does as root)." }
    $out = Join-Path $Root 'out/fuzz'
    $harness = Build-FuzzHarness -Root $Root -Out $out -Configuration $Configuration
    $perTarget = [Math]::Max(5, [int]($Seconds / $script:FuzzTargets.Count))
    $passed = 0
    $failed = 0
    foreach ($target in $script:FuzzTargets) {
        # The committed corpus first, as regression tests: afl-fuzz skips a seed that crashes instead of reporting it.
        $corpus = Join-Path $Root "tests/RasMfa.Fuzz/corpus/$target"
        $replay = & dotnet $harness replay $target $corpus
        if ($LASTEXITCODE -ne 0) {
            $failed++
            Write-Host "fuzz ${target}: the committed corpus ($corpus) no longer passes:"
            $replay | Where-Object { $_ -notmatch '^ok ' } | Out-Host
            continue
        }
        Write-Host "fuzz ${target}: $(@($replay)[-1])"
        $run = Invoke-FuzzTarget -Root $Root -Out $out -Harness $harness -Target $target -Seconds $perTarget -Resume:$Resume
        Write-Host ('fuzz {0}: {1:n0} executions in {2:n0} s ({3}/s), {4} paths, coverage {5}, stability {6}, {7} crashes, {8} hangs' -f `
                $run.Target, $run.Executions, $run.Elapsed.TotalSeconds, $run.PerSecond, $run.Paths, $run.Coverage, $run.Stability, $run.Crashes.Count, $run.Hangs.Count)
        $ok = $run.ExitCode -eq 0 -and $run.Crashes.Count -eq 0 -and $run.Hangs.Count -eq 0
        if ($ok) { $passed++; continue }
        $failed++
        if ($run.ExitCode -ne 0) {
            Write-Host "fuzz ${target}: afl-fuzz exited with $($run.ExitCode); the input it was running is $($run.LastInput). Its log ends:"
            Get-Content $run.Log -Tail 15 | Where-Object { $_ -notmatch 'Fuzzing test case' } | Out-Host
        }
        if ($run.Crashes.Count -gt 0) {
            Write-Host "fuzz ${target}: crashing inputs in $($run.CrashFolder); replayed:"
            & dotnet $harness replay $target $run.CrashFolder | Out-Host
        }
    }
    [pscustomobject]@{ Passed = $passed; Failed = $failed }
}

Export-ModuleMember -Function Invoke-Fuzzing, Build-FuzzHarness, Invoke-FuzzTarget
