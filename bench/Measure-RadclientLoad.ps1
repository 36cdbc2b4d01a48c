<#
.SYNOPSIS
    The independent measurement of issue 16: FreeRADIUS's own radclient drives a lean FreeRADIUS 3.2 and RasMfa listeners
    with the same logins; accepted/s and the CPU per accepted login of each server's whole process tree.
.DESCRIPTION
    Writes -Users users with TOTP secrets, enrolled in each RasMfa store through the cmdlets and into FreeRADIUS's users
    file. Starts FreeRADIUS 3.2 configured leanest for the job (files + totp, reject_delay 0; bench/BenchmarkHelpers.psm1)
    and, for each -Store, one RasMfa listener of this build (a PowerShell process running Start-RasMfaRadiusServer with
    default settings: replay protection, an audit record per decision), and with -BaselineModule one more of that build;
    with -ServiceHost, this build's service host (its own runtime settings) on the first store too.
    For each server, a pass is radclient -p -Parallel sending one code-only Access-Request per user, from a file of
    requests written just before it with the codes of the current 30-second step (computed here with HMAC-SHA1, RFC
    6238, not by RasMfa). Every server first gets -WarmUpPasses full untimed warm-up passes (the JIT compiles during
    them; one by default), then, in a later step (a code is good once), the measured pass.
    Message-Authenticator, the same rule on both sides: by default every request carries one (radclient computes it) and
    both servers require it (FreeRADIUS require_message_authenticator = yes; RasMfa's client default); -Unsigned sends
    none and neither requires it.
    CPU per accepted login: user plus system time of the server's process and all its descendants (and, on PostgreSQL,
    of every process of the cluster, shown apart), read from /proc before and after the measured pass, over the logins
    radclient saw accepted (counted in clock ticks, 10 ms: FreeRADIUS's figure needs -Users in the ten thousands to be
    more than a few ticks). radclient sends each request once (-r 1) and waits -TimeoutSeconds for its answer; a reject,
    a lost request or one radclient never accounted for is reported, and the script exits 1 when any login of a measured
    pass was not accepted. FreeRADIUS's receive buffer is made as large as RasMfa's default (4 MiB): with the system's
    default it lost part of radclient's bursts.
    Loopback only; each pass is bounded by the codes' validity (it is stopped before its step and the next one end);
    the servers and the PostgreSQL cluster are stopped at the end, on Ctrl+C or on failure.
.EXAMPLE
    dotnet pwsh ./bench/Measure-RadclientLoad.ps1
.EXAMPLE
    dotnet pwsh ./bench/Measure-RadclientLoad.ps1 -Users 20000 -Store Sqlite,PostgreSql -BaselineModule /work/baseline/RasMfa/RasMfa.psd1
.EXAMPLE
    dotnet pwsh ./bench/Measure-RadclientLoad.ps1 -Unsigned -Parallel 64
.EXAMPLE
    dotnet pwsh ./bench/Measure-RadclientLoad.ps1 -ServiceHost -NoBuild
.EXAMPLE
    dotnet pwsh ./bench/Measure-RadclientLoad.ps1 -DurableFreeRadius -NoBuild
#>
param(
    [ValidateRange(100, 50000)] [int] $Users = 20000,
    [ValidateRange(1, 1024)] [int] $Parallel = 256,
    # Sqlite, PostgreSql (comma-separated in one argument too, as pwsh -File passes them).
    [string[]] $Store = @('Sqlite'),
    [string] $BaselineModule,
    [switch] $Unsigned,
    # One more row: this build's service host (out/RasMfa/service/net8.0, with its runtimeconfig's settings) on the first
    # -Store's store, beside the session listener there.
    [switch] $ServiceHost,
    # How long radclient waits for an answer before it counts the request lost (it sends each once).
    [ValidateRange(0.5, 30)] [double] $TimeoutSeconds = 2,
    # Untimed passes over every user before the measured one, each in a TOTP step of its own.
    [ValidateRange(0, 20)] [int] $WarmUpPasses = 1,
    # One more row: a second FreeRADIUS, the same as the first but writing a record of each decision to SQLite (rlm_sql's
    # stock post-auth INSERT, WAL, synchronous FULL): the anchor doing the durable per-decision write RasMfa does (it still
    # keeps no record of used codes). Needs sqlite3.
    [switch] $DurableFreeRadius,
    # Measures the module already built (out/RasMfa) without running build.ps1 Build first.
    [switch] $NoBuild
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3
$Store = @($Store -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ })
foreach ($kind in $Store) { if ($kind -notin 'Sqlite', 'PostgreSql') { throw "-Store takes Sqlite and PostgreSql, not '$kind'." } }
if ($BaselineModule -and -not (Test-Path $BaselineModule -PathType Leaf)) { throw "-BaselineModule names no file: $BaselineModule (build that checkout first: build.ps1 Build)." }
foreach ($tool in 'radclient', 'freeradius') { if (-not (Get-Command $tool -ErrorAction SilentlyContinue)) { throw "$tool is not installed (Debian: freeradius, freeradius-utils)." } }
Import-Module (Join-Path $PSScriptRoot 'BenchmarkHelpers.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'BenchmarkListeners.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'RadclientPass.psm1') -Force
Import-Module (Join-Path $PSScriptRoot '../tools/PostgreSqlCluster.psm1') -Force
$root = Split-Path $PSScriptRoot -Parent
$work = Join-Path ([System.IO.Path]::GetTempPath()) ("rasmfa-radclient-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory -Path $work | Out-Null
if (-not $IsWindows) { & chmod 700 $work }
$processes = [System.Collections.Generic.List[System.Diagnostics.Process]]::new()
$cluster = $null
# The last step whose codes each store has accepted (a code is good once per store: a later pass needs a later step).
$lastSteps = @{}
$secretText = 'radclient-shared-secret-0123456789'
# FreeRADIUS's receive buffers as large as RasMfa's by default (ReceiveBufferBytes, 4 MiB): a burst of 256 overflowed
# the system's default one, and radclient, on losing a request, may stop sending or wait out the pass.
$receiveBufferBytes = 4 * 1024 * 1024

# One pass of radclient over every user against a target: its counts, the time it took and the CPU the target used.
function Invoke-Pass([hashtable] $Target, [string] $Pass) {
    $requests = "$work/requests-$($Target.Key)-$Pass.txt"
    $step = Wait-RadclientStep $lastSteps[$Target.Store]
    Write-RadclientRequestFile $requests $logins $step -Unsigned:$Unsigned
    $lastSteps[$Target.Store] = $step
    $cpuBefore = Get-ProcessTreeCpuSeconds $Target.CpuRoots
    $storeBefore = if ($Target.StoreRoots) { Get-ProcessTreeCpuSeconds $Target.StoreRoots } else { 0 }
    $run = Invoke-RadclientPass -RequestFile $requests -Step $step -Port $Target.Port -Secret $secretText -Parallel $Parallel `
        -TimeoutSeconds $TimeoutSeconds -OutputPrefix "$work/radclient-$($Target.Key)-$Pass"
    $cpu = (Get-ProcessTreeCpuSeconds $Target.CpuRoots) - $cpuBefore
    $storeCpu = if ($Target.StoreRoots) { (Get-ProcessTreeCpuSeconds $Target.StoreRoots) - $storeBefore } else { 0 }
    $seconds = $run.Seconds; $summary = $run.Output; $cutShort = $run.CutShort
    $accepted = $run.Accepted; $rejected = $run.Rejected; $lost = $run.Lost
    [pscustomobject]@{
        Server = $Target.Name; Pass = $Pass; Sent = $logins.Count; Accepted = $accepted; Rejected = $rejected; Lost = $lost
        # Requests radclient never accounted for: it stopped early (it may, after losing one) or was stopped.
        Unanswered = $logins.Count - $accepted - $rejected - $lost
        CutShort = $cutShort; Seconds = [Math]::Round($seconds, 2); AcceptedPerSecond = [Math]::Round($accepted / [Math]::Max(0.001, $seconds))
        CpuMicrosecondsPerAccepted = [Math]::Round(($cpu + $storeCpu) * 1e6 / [Math]::Max(1, $accepted), 1)
        OfWhichPostgreSql = [Math]::Round($storeCpu * 1e6 / [Math]::Max(1, $accepted), 1)
        PeakMemoryMB = ($Target.CpuRoots | ForEach-Object { Get-PeakMegabytes $_ } | Measure-Object -Sum).Sum
        RadclientOutput = $summary; ServerLog = $Target.Log
    }
}

# A RasMfa listener on its own store (it enrols the users and radclient's client through the cmdlets): the target.
function Start-RasMfaTarget([string] $Key, [string] $Name, [string] $Kind, [string] $Module) {
    $folder = "$work/$Key"
    New-Item -ItemType Directory -Path $folder | Out-Null
    $storeArguments = if ($Kind -eq 'Sqlite') { @{ Database = "$folder/rasmfa.db" } }
    else {
        $database = New-BenchmarkDatabase -Cluster $cluster -Name "radclient_$Key"
        @{ ConfigFolder = "$folder/config"; ConnectionString = "Host=127.0.0.1;Port=$($cluster.Port);Database=$database"
            Credential = [pscredential]::new('postgres', (ConvertTo-SecureString $cluster.Password -AsPlainText -Force)) }
    }
    $port = Get-FreePort
    $listener = Start-BenchmarkListener -Folder $folder -Name listener -Port $port -Module $Module -Enrol -EnrolmentFolder $work -Secret $secretText `
        -UnsignedClient:$Unsigned @storeArguments
    $processes.Add($listener)
    Wait-ForLine "$folder/listener.out" 'READY' 900 $listener
    if ((Get-Content "$folder/listener.out" -Raw) -notmatch "STORE $Kind") { throw "${Name}: the listener opened another store: $(Get-Content "$folder/listener.out" -Raw)" }
    $storeRoots = if ($Kind -eq 'PostgreSql') { @(Get-PostgreSqlServerProcessId $cluster) } else { @() }
    $lastSteps[$Key] = [long]-1
    @{ Key = $Key; Name = $Name; Port = $port; CpuRoots = @($listener.Id); StoreRoots = $storeRoots; Store = $Key; Log = "$folder/listener.err"
        Environment = if ($Kind -eq 'Sqlite') { @{ RASMFA_DATABASE = $storeArguments.Database } } else { @{ RASMFA_CONFIG = $storeArguments.ConfigFolder } } }
}

try {
    if (-not $NoBuild) {
        Write-Host "Building the module"
        & dotnet pwsh (Join-Path $root 'build.ps1') Build | Out-Null
        if ($LASTEXITCODE -ne 0) { throw "build.ps1 Build failed." }
    }
    $module = Join-Path $root 'out/RasMfa/RasMfa.psd1'
    Import-Module $module
    $loadAtStart = (Get-Content /proc/loadavg -Raw).Trim()

    Write-Host "Writing $Users users and their TOTP secrets"
    New-Item -ItemType Directory -Path "$work/freeradius" | Out-Null
    Write-EnrolmentFiles -Folder $work -From 0 -To $Users -Suffix '' -SliceSize $Users -FreeRadiusUsers "$work/freeradius/users"
    $script:logins = Read-RadclientLogins "$work/load-users-0.csv"

    $radiusPort = Get-FreePort
    Write-FreeRadiusConfiguration -Directory "$work/freeradius" -Secret $secretText -CodePort $radiusPort -ChallengePort (Get-FreePort) -Unsigned:$Unsigned `
        -ReceiveBufferBytes $receiveBufferBytes
    $freeRadius = Start-Process (Get-Command freeradius).Source -ArgumentList @('-f', '-l', 'stdout', '-d', "$work/freeradius") `
        -RedirectStandardOutput "$work/freeradius/out.log" -RedirectStandardError "$work/freeradius/err.log" -PassThru
    $processes.Add($freeRadius)
    Wait-ForLine "$work/freeradius/out.log" 'Ready to process requests' 60 $freeRadius
    $targets = [System.Collections.Generic.List[hashtable]]::new()
    $targets.Add(@{ Key = 'freeradius'; Name = 'FreeRADIUS'; Port = $radiusPort; CpuRoots = @($freeRadius.Id); StoreRoots = @(); Store = 'freeradius'; Log = "$work/freeradius/out.log" })
    $lastSteps['freeradius'] = [long]-1
    if ($DurableFreeRadius) {
        $durable = "$work/freeradius-durable"
        New-Item -ItemType Directory -Path $durable | Out-Null
        Copy-Item "$work/freeradius/users" "$durable/users"
        New-FreeRadiusDecisionDatabase "$durable/decisions.db"
        $durablePort = Get-FreePort
        Write-FreeRadiusConfiguration -Directory $durable -Secret $secretText -CodePort $durablePort -ChallengePort (Get-FreePort) -Unsigned:$Unsigned `
            -ReceiveBufferBytes $receiveBufferBytes -DecisionDatabase "$durable/decisions.db"
        $durableRadius = Start-Process (Get-Command freeradius).Source -ArgumentList @('-f', '-l', 'stdout', '-d', $durable) `
            -RedirectStandardOutput "$durable/out.log" -RedirectStandardError "$durable/err.log" -PassThru
        $processes.Add($durableRadius)
        Wait-ForLine "$durable/out.log" 'Ready to process requests' 60 $durableRadius
        $targets.Add(@{ Key = 'freeradiusdurable'; Name = 'FreeRADIUS + SQLite record'; Port = $durablePort; CpuRoots = @($durableRadius.Id); StoreRoots = @()
            Store = 'freeradiusdurable'; Log = "$durable/out.log"; Database = "$durable/decisions.db" })
        $lastSteps['freeradiusdurable'] = [long]-1
    }

    if ($Store -contains 'PostgreSql') {
        Write-Host "Starting a throwaway PostgreSQL 15 cluster (fsync on, max_connections 300, stock settings otherwise)"
        $cluster = Start-PostgreSqlCluster
    }
    foreach ($kind in $Store) {
        $shown = if ($kind -eq 'Sqlite') { 'SQLite' } else { 'PostgreSQL' }
        Write-Host "Starting RasMfa on $shown (enrolling $Users users)"
        $targets.Add((Start-RasMfaTarget -Key "rasmfa$($kind.ToLowerInvariant())" -Name "RasMfa $shown" -Kind $kind -Module $module))
        if ($BaselineModule) {
            Write-Host "Starting the baseline on $shown (enrolling $Users users)"
            $targets.Add((Start-RasMfaTarget -Key "baseline$($kind.ToLowerInvariant())" -Name "baseline $shown" -Kind $kind -Module (Resolve-Path $BaselineModule).Path))
        }
    }

    if ($ServiceHost) {
        # The service host on the first RasMfa listener's store (it shares that store's used codes: passes take turns).
        $sessionTarget = $targets[1]
        $hostPort = Get-FreePort
        $hostProcess = Start-Process dotnet -ArgumentList @((Join-Path $root 'out/RasMfa/service/net8.0/RasMfa.Service.dll'), '--port', $hostPort,
            '--address', '127.0.0.1', '--metrics-address', 'off') -Environment $sessionTarget.Environment `
            -RedirectStandardOutput "$work/service-host.out" -RedirectStandardError "$work/service-host.err" -PassThru
        $processes.Add($hostProcess)
        Wait-ForLine "$work/service-host.out" 'Application started' 120 $hostProcess
        $targets.Add(@{ Key = 'servicehost'; Name = "RasMfa service host, $($sessionTarget.Name -replace '^RasMfa ', '')"; Port = $hostPort; CpuRoots = @($hostProcess.Id)
            StoreRoots = $sessionTarget.StoreRoots; Store = $sessionTarget.Store; Log = "$work/service-host.out" })
    }

    $results = [System.Collections.Generic.List[object]]::new()
    for ($warmUp = 1; $warmUp -le $WarmUpPasses; $warmUp++) {
        $pass = if ($WarmUpPasses -eq 1) { 'warm-up' } else { "warm-up$warmUp" }
        foreach ($target in $targets) { Write-Host "Warm-up pass $warmUp of $WarmUpPasses (untimed): $($target.Name)"; $results.Add((Invoke-Pass $target $pass)) }
    }
    foreach ($target in $targets) { Write-Host "Measured pass: $($target.Name)"; $results.Add((Invoke-Pass $target 'measured')) }

    $signing = if ($Unsigned) { 'no Message-Authenticator, required by neither server' } else { 'Message-Authenticator in every request, required by both servers' }
    "radclient load: $Users users, radclient -p $Parallel -r 1 -t $TimeoutSeconds, code only; $signing; $([Environment]::ProcessorCount) cores; $(Get-Date -Format 'yyyy-MM-dd HH:mm')"
    "load average at the start: $loadAtStart; at the end: $((Get-Content /proc/loadavg -Raw).Trim())"
    if ($cluster) { "PostgreSQL: $(& (Join-Path $cluster.BinDirectory 'postgres') --version), a throwaway cluster (fsync on, max_connections 300, stock settings otherwise)" }
    $results | Format-Table -AutoSize -Property Server, Pass, Sent, Accepted, Rejected, Lost, Unanswered, CutShort, Seconds, AcceptedPerSecond, CpuMicrosecondsPerAccepted, OfWhichPostgreSql, PeakMemoryMB |
        Out-String -Width 240
    $measured = @($results | Where-Object Pass -eq 'measured')
    $reference = $measured | Where-Object Server -eq 'FreeRADIUS'
    foreach ($row in $measured | Where-Object { $_.Server -ne 'FreeRADIUS' -and $reference.Accepted -eq $reference.Sent }) {
        "ratio, {0} / FreeRADIUS: CPU per accepted login {1:N2}; accepted/s {2:N2}" -f $row.Server,
            ($row.CpuMicrosecondsPerAccepted / [Math]::Max(0.1, $reference.CpuMicrosecondsPerAccepted)), ($row.AcceptedPerSecond / [Math]::Max(1, $reference.AcceptedPerSecond))
    }
    $durableRow = $measured | Where-Object Server -eq 'FreeRADIUS + SQLite record'
    if ($durableRow) {
        "FreeRADIUS + SQLite record: {0} decision records in its SQLite file" -f (& sqlite3 ($targets | Where-Object Key -eq 'freeradiusdurable').Database 'SELECT count(*) FROM radpostauth;')
        foreach ($row in $measured | Where-Object { $_.Server -like 'RasMfa*' -or $_.Server -like 'baseline*' }) {
            "ratio, {0} / FreeRADIUS + SQLite record: CPU per accepted login {1:N2}; accepted/s {2:N2}" -f $row.Server,
                ($row.CpuMicrosecondsPerAccepted / [Math]::Max(0.1, $durableRow.CpuMicrosecondsPerAccepted)), ($row.AcceptedPerSecond / [Math]::Max(1, $durableRow.AcceptedPerSecond))
        }
    }
    $hostRow = $measured | Where-Object Server -like 'RasMfa service host, *'
    if ($hostRow) {
        $sessionRow = $measured | Where-Object Server -eq ($hostRow.Server -replace 'service host, ', '')
        "ratio, {0} / the session listener there: CPU per accepted login {1:N2}; accepted/s {2:N2}; peak memory {3:N2}" -f $hostRow.Server,
            ($hostRow.CpuMicrosecondsPerAccepted / [Math]::Max(0.1, $sessionRow.CpuMicrosecondsPerAccepted)), ($hostRow.AcceptedPerSecond / [Math]::Max(1, $sessionRow.AcceptedPerSecond)),
            ($hostRow.PeakMemoryMB / [Math]::Max(0.1, $sessionRow.PeakMemoryMB))
    }
    foreach ($shown in 'SQLite', 'PostgreSQL') {
        $now = $measured | Where-Object Server -eq "RasMfa $shown"
        $before = $measured | Where-Object Server -eq "baseline $shown"
        if ($now -and $before) {
            "ratio, RasMfa {0} / baseline: CPU per accepted login {1:N2}; accepted/s {2:N2}" -f $shown,
                ($now.CpuMicrosecondsPerAccepted / [Math]::Max(0.1, $before.CpuMicrosecondsPerAccepted)), ($now.AcceptedPerSecond / [Math]::Max(1, $before.AcceptedPerSecond))
        }
    }
    $failed = @($measured | Where-Object { $_.Accepted -ne $_.Sent })
    foreach ($row in $failed) {
        "NOT ALL ACCEPTED: {0}: {1} of {2} accepted, {3} rejected, {4} lost, {5} never answered nor counted{6}" -f $row.Server, $row.Accepted, $row.Sent, $row.Rejected, $row.Lost, $row.Unanswered,
            $(if ($row.CutShort) { ', the pass stopped at the end of its codes'' validity' } else { '' })
        "  radclient said: $($row.RadclientOutput.Trim())"
        "  the server's log ends: $((Get-Content $row.ServerLog -Tail 15 -ErrorAction SilentlyContinue) -join "`n    ")"
    }
    if ($failed) { $exitCode = 1 } else { $exitCode = 0 }
}
finally {
    foreach ($process in $processes) { if (-not $process.HasExited) { Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue } }
    if ($cluster) { Stop-PostgreSqlCluster $cluster }
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}
exit $exitCode
