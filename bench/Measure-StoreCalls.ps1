<#
.SYNOPSIS
    Times the store calls one login makes, one by one, so the benchmark's figures can be explained.
.DESCRIPTION
    Each call alone (one group-commit batch, one commit each: what a lone login pays), then -Batched logins' writes queued
    while the writer is held and let go at once (batches of up to 256, as under load: what each login's statements cost
    when commits are shared). A login's write there is the one a code-only login, or a second round, makes: its request's
    key held, admission, the code used (or the failure counted), the answer recorded, its audit record. -BaselineModule
    runs the same measurements on another build (another checkout's out/RasMfa/RasMfa.psd1) in a process of its own,
    alternately with this one, -Repeat times each, for a ratio measured in the same run.
.EXAMPLE
    dotnet pwsh ./bench/Measure-StoreCalls.ps1 -Count 1000
.EXAMPLE
    dotnet pwsh ./bench/Measure-StoreCalls.ps1 -Count 300 -Batched 5120 -BaselineModule /work/baseline7/RasMfa.psd1 -Repeat 3
#>
param(
    [ValidateRange(100, 100000)] [int] $Count = 1000,
    [ValidateRange(256, 100000)] [int] $Batched = 2560,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/RasMfa/RasMfa.psd1'),
    [string] $BaselineModule,
    [ValidateRange(1, 10)] [int] $Repeat = 2,
    # One build's figures as JSON (what the run with -BaselineModule reads from each process).
    [switch] $AsJson
)
if ($BaselineModule) {
    # PowerShell as this one runs (dotnet pwsh: dotnet and pwsh.dll).
    $pwsh = (Get-Process -Id $PID).Path
    [string[]] $prefix = if ([System.IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { @((Join-Path $PSHOME 'pwsh.dll')) } else { @() }
    # Alternately, each build in a process of its own (one module per process), so that drifts in the machine's load fall on both.
    $rows = for ($round = 1; $round -le $Repeat; $round++) {
        foreach ($build in @(@{ Name = 'baseline'; Path = $BaselineModule }, @{ Name = 'this build'; Path = $ModulePath })) {
            $json = & $pwsh @prefix -NoProfile -NonInteractive -File $PSCommandPath `
                -Count $Count -Batched $Batched -ModulePath $build.Path -Repeat 1 -AsJson
            if ($LASTEXITCODE -ne 0) { throw "The measurement of $($build.Path) failed." }
            foreach ($row in ($json | ConvertFrom-Json)) { [pscustomobject]@{ Build = $build.Name; Round = $round; Call = $row.Call; MicrosecondsPerLogin = $row.MicrosecondsPerLogin } }
        }
    }
    "Store calls, $Count each alone, $Batched batched; $([Environment]::ProcessorCount) cores; $(Get-Date -Format 'yyyy-MM-dd HH:mm'); load average $((Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -join '')"
    $rows | Group-Object Call | ForEach-Object {
        $base = ($_.Group | Where-Object Build -eq 'baseline' | Measure-Object MicrosecondsPerLogin -Minimum).Minimum
        $mine = ($_.Group | Where-Object Build -eq 'this build' | Measure-Object MicrosecondsPerLogin -Minimum).Minimum
        [pscustomobject]@{ Call = $_.Name; BaselineMicroseconds = $base; ThisBuildMicroseconds = $mine; Ratio = if ($base) { [Math]::Round($mine / $base, 2) } else { $null }
            All = ($_.Group | ForEach-Object { "$($_.Build -replace 'this build','this') $($_.MicrosecondsPerLogin)" }) -join '; ' }
    } | Format-Table -AutoSize -Wrap | Out-String -Width 200
    return
}
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
Import-Module (Join-Path $PSScriptRoot '../tools/EngineTypes.psm1')
$folder = Join-Path ([System.IO.Path]::GetTempPath()) ("rasmfa-storecalls-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
try {
    $store = (Get-EngineType Storage.SqliteStore)::new((Join-Path $folder 'rasmfa.db'))
    $user = (Get-EngineType Users.MfaUser)::new('alice')
    $store.Users.Add($user)
    $token = (Get-EngineType Tokens.OtpToken)::new('T1', 'Totp', (Get-EngineType Tokens.OtpSecrets)::Generate('Sha1'))
    $token.UserId = $user.Id
    $store.Tokens.Add($token, $false)
    $record = (@{ ClientName = 'bench'; ClientAddress = '127.0.0.1'; UserName = 'alice'; Result = 'Accept'; Reason = 'code accepted'; Method = 'TOTP/PAP' } -as (Get-EngineType Audit.AuthenticationRecord))
    # The writer thread has no runspace: the audit record's maker is a compiled delegate, not a script block.
    $settlement = [System.Linq.Expressions.Expression]::Parameter((Get-EngineType Mfa.LoginSettlement), 'settlement')
    # No lockout: the wrong codes measured must not lock the user the accepted codes log in as.
    $lockout = (Get-EngineType Mfa.LockoutPolicy)::new([int]::MaxValue, [TimeSpan]::FromMinutes(1), [DateTime]::UtcNow)
    function Measure-Call([string] $Label, [scriptblock] $Call) {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        for ($i = 0; $i -lt $Count; $i++) { & $Call $i }
        [pscustomobject]@{ Call = $Label; MillisecondsPerCall = [Math]::Round($watch.Elapsed.TotalMilliseconds / $Count, 3) }
    }
    $expression = [System.Linq.Expressions.Expression]
    $loginWrite = Get-EngineType Mfa.LoginWrite
    $decided = Get-EngineType Mfa.DecidedRequest
    $loginRecord = (Get-EngineType Mfa.LoginRecord)::new($record, (Get-EngineType Mfa.RecordedAnswer)::Reject())
    $describeLogin = $expression::Lambda($expression::Constant($loginRecord, (Get-EngineType Mfa.LoginRecord)), $settlement).Compile()
    $nextStep = 1000000
    # -Batched logins' writes, queued while a first write holds the writer, then let go: the writer takes them in batches
    # of up to 256 (one commit each), as under load. Microseconds of wall time per login from the release to the last answer.
    function Measure-Batched([string] $Label, [scriptblock] $MakeWrite, [switch] $Accepting) {
        $entered = [System.Threading.ManualResetEventSlim]::new($false)
        $gate = [System.Threading.ManualResetEventSlim]::new($false)
        $hold = $expression::Lambda($expression::Block(
                $expression::Call($expression::Constant($entered), 'Set', $null),
                $expression::Call($expression::Constant($gate), 'Wait', $null),
                $expression::Constant($loginRecord, (Get-EngineType Mfa.LoginRecord))), $settlement).Compile()
        $holder = $store.Logins.SettleAsync($loginWrite::AuditOnly, $null, $hold)
        if (-not $entered.Wait(30000)) { throw 'The writer did not take the holding write.' }
        $now = [DateTime]::UtcNow
        $writes = [System.Collections.Generic.List[object]]::new()
        for ($i = 0; $i -lt $Batched; $i++) {
            $writes.Add($store.Logins.SettleAsync((& $MakeWrite $i), $decided::new([guid]::NewGuid().ToByteArray(), 'bench', $now), $describeLogin))
        }
        $writer = Get-WriterThread
        $cpuBefore = Get-ThreadCpuNanoseconds $writer
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $gate.Set()
        [void]$holder.GetAwaiter().GetResult()
        $settled = foreach ($write in $writes) { $write.GetAwaiter().GetResult() }
        $watch.Stop()
        $cpu = (Get-ThreadCpuNanoseconds $writer) - $cpuBefore
        $consumed = @($settled | Where-Object Consumed).Count
        if ($Accepting -and $consumed -ne $Batched) { throw "$Label`: $consumed of $Batched accepted." }
        if (-not $Accepting -and $consumed -ne 0) { throw "$Label`: $consumed accepted." }
        [pscustomobject]@{ Call = $Label; MillisecondsPerCall = [Math]::Round($watch.Elapsed.TotalMilliseconds / $Batched, 4) }
        # The writer thread's own CPU (what the statements cost, less the machine's other load): Linux's per-thread schedstat.
        if ($writer) { [pscustomobject]@{ Call = "$Label, writer thread CPU"; MillisecondsPerCall = [Math]::Round($cpu / 1e6 / $Batched, 4) } }
    }
    # The store's writer thread ('RasMfa store writer', cut to 15 characters by Linux); none where /proc has no tasks.
    function Get-WriterThread {
        Get-ChildItem "/proc/$PID/task" -ErrorAction SilentlyContinue |
            Where-Object { (Get-Content (Join-Path $_.FullName 'comm') -ErrorAction SilentlyContinue) -like 'RasMfa store wr*' } |
            Select-Object -First 1 -ExpandProperty FullName
    }
    function Get-ThreadCpuNanoseconds([string] $Task) {
        if (-not $Task) { return 0 }
        [long]((Get-Content (Join-Path $Task 'schedstat')) -split ' ')[0]
    }
    $baseline = Measure-Call 'baseline: empty PowerShell loop' { param($i) }
    $calls = @(
        $baseline
        # The admin cmdlets' reads, for comparison: a connection opened and the SQL parsed per call.
        Measure-Call 'Users.Get + Users.TokenSerialsOf (cmdlet path)' { param($i) [void]$store.Users.TokenSerialsOf($store.Users.Get('alice').Id) }
        Measure-Call 'Logins.Find (login path: pooled, prepared, decrypts)' { param($i) [void]$store.Logins.Find('alice') }
        # One at a time, so each write is its own group-commit batch: the cost a lone login pays.
        Measure-Call 'Logins.SettleAsync, code accepted (step + counters + audit, commit)' { param($i)
            $use = (Get-EngineType Mfa.CodeUse)::Of($token, (Get-EngineType Tokens.OtpMatch)::new(1000 + $i, 0))
            [void]$store.Logins.SettleAsync((Get-EngineType Mfa.LoginWrite)::Accept($user.Id, $use, $lockout), $null, $describeLogin).GetAwaiter().GetResult() }
        Measure-Call 'Logins.SettleAsync, wrong code (failure count + audit, commit)' { param($i)
            [void]$store.Logins.SettleAsync((Get-EngineType Mfa.LoginWrite)::CountFailure($user.Id, $lockout), $null, $describeLogin).GetAwaiter().GetResult() }
        Measure-Call 'Logins.SettleAsync, audit only (commit)' { param($i) [void]$store.Logins.SettleAsync((Get-EngineType Mfa.LoginWrite)::AuditOnly, $null, $describeLogin).GetAwaiter().GetResult() }
        Measure-Batched 'batched: code accepted (key held, admission, step used, counters, answer, audit)' -Accepting {
            param($i)
            $script:nextStep++
            $loginWrite::Accept($user.Id, (Get-EngineType Mfa.CodeUse)::Of($token, (Get-EngineType Tokens.OtpMatch)::new($script:nextStep, 0)), $lockout) }
        Measure-Batched 'batched: wrong code (key held, admission, failure counted and read, answer, audit)' { param($i) $loginWrite::WrongCode($user.Id, $lockout) }
    )
    if ($AsJson) {
        $calls | Where-Object Call -ne $baseline.Call | ForEach-Object {
            $net = if ($_.Call -like 'batched:*') { $_.MillisecondsPerCall } else { $_.MillisecondsPerCall - $baseline.MillisecondsPerCall }
            [pscustomobject]@{ Call = $_.Call; MicrosecondsPerLogin = [Math]::Round($net * 1000, 1) } } | ConvertTo-Json
        return
    }
    "Store calls, $Count each, $([Environment]::ProcessorCount) cores, $(Get-Date -Format 'yyyy-MM-dd')"
    $calls | ForEach-Object { $_ | Add-Member -PassThru NetOfBaseline ([Math]::Round($_.MillisecondsPerCall - $baseline.MillisecondsPerCall, 3)) } | Format-Table -AutoSize | Out-String -Width 160
}
finally {
    if ($store) { $store.Dispose() }
    Clear-StoreConnections
    Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
}
