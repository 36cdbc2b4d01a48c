<#
.SYNOPSIS
    RasMfa side by side with FreeRADIUS (rlm_totp) and a bare .NET UDP echo: throughput, CPU per login, latency at
    half load, memory; the two-round challenge flow; on SQLite or PostgreSQL, one server or two active-active; many
    challenges pending at once; and a large store.
.DESCRIPTION
    Writes -Users users and their TOTP secrets, for the module and into a FreeRADIUS users file; starts FreeRADIUS 3.2
    with files + totp and reject_delay 0, and the echo. Then, for each -Store and each -Servers count (every combination,
    one after the other), starts that many RasMfa listeners, each a PowerShell process of its own running
    Start-RasMfaRadiusServer with default security settings (Message-Authenticator required, replay protection and audit
    on), the first of them enrolling the users through the cmdlets (Import-RasMfaUser, Import-RasMfaOathToken):
      Sqlite      a SQLite file for the configuration (RASMFA_DATABASE), shared by its servers;
      PostgreSql  a database for the configuration in a throwaway PostgreSQL 15 cluster the script starts
                  (tools/PostgreSqlCluster.psm1: fsync on, max_connections 300, stock settings otherwise), chosen through
                  the machine-wide setting (Set-RasMfaStore -PostgreSql) in a RASMFA_CONFIG folder of the run's own.
    With two servers the load generator sends every datagram to both (RAS active-active): the first answer is the
    login's; the other is counted, with how many differed from the first and how many never came. CPU per login is the
    CPU of every listener's process tree and, on PostgreSQL, of every server process of the cluster (postmaster,
    backends, writers, checkpointer; read from /proc), over the logins answered. -BaselineModule adds one more
    one-server configuration per -Store on another build of the module (another checkout's out/RasMfa/RasMfa.psd1), for
    a ratio measured in the same run.
    Each measurement: a warm-up (untimed), the most it answers with -InFlight outstanding, then half that rate. Each
    run logs in a slice of -Requests users, so give -Users a multiple of -Requests (five slices: no waiting); a slice is
    used again only in a later 30-second step (a code is good once per step), waiting for it when none is free.
    The first configuration also holds -Requests challenges open at once (one server only) and, with -LargeStoreUsers,
    grows its store to that many users and repeats the code-only run. Loopback only; every run is bounded by -Requests
    and time; the servers and the cluster are stopped at the end, on Ctrl+C or on failure. -Scenario picks the
    measurements (code only, two rounds, challenges held open); -LatencyFolder keeps each half-load run's latencies.
.EXAMPLE
    dotnet pwsh ./bench/Invoke-Benchmark.ps1 -Users 10000 -Requests 10000
.EXAMPLE
    dotnet pwsh ./bench/Invoke-Benchmark.ps1 -Users 25000 -Requests 5000 -Store Sqlite,PostgreSql -Servers 1,2
.EXAMPLE
    dotnet pwsh ./bench/Invoke-Benchmark.ps1 -Users 25000 -Requests 5000 -BaselineModule ../other-checkout/out/RasMfa/RasMfa.psd1
.EXAMPLE
    dotnet pwsh ./bench/Invoke-Benchmark.ps1 -Users 10000 -Requests 10000 -LargeStoreUsers 1000000
.EXAMPLE
    dotnet pwsh ./bench/Invoke-Benchmark.ps1 -Users 6000 -Requests 3000 -Store PostgreSql -ListenerEnvironment DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0
.EXAMPLE
    dotnet pwsh ./bench/Invoke-Benchmark.ps1 -Users 6000 -Requests 3000 -ListenerEnvironment 'DOTNET_gcServer=1', 'DOTNET_gcServer=1;DOTNET_GCgen0size=0x4000000'
.EXAMPLE
    dotnet pwsh ./bench/Invoke-Benchmark.ps1 -Users 6000 -Requests 3000 -Scenario TwoRounds -LatencyFolder /tmp/latencies -BaselineModule ../baseline/RasMfa.psd1
#>
param(
    [ValidateRange(100, 1000000)] [int] $Users = 10000,
    [ValidateRange(100, 1000000)] [int] $Requests = 10000,
    [ValidateRange(1, 1600)] [int] $InFlight = 64,
    [ValidateRange(0, 5000000)] [int] $LargeStoreUsers = 0,
    # Lists: Sqlite, PostgreSql; 1, 2 (comma-separated in one argument too, as pwsh -File passes them).
    [string[]] $Store = @('Sqlite'),
    [string[]] $Servers = @('1'),
    [string] $BaselineModule,
    # Each element one more one-server configuration of this build on the first -Store, measured last, its listener
    # started with these environment variables (the .NET runtime's, say DOTNET_gcServer=1): NAME=VALUE pairs separated
    # by ';', e.g. -ListenerEnvironment 'DOTNET_gcServer=1', 'DOTNET_gcServer=1;DOTNET_GCgen0size=0x4000000'.
    [string[]] $ListenerEnvironment = @(),
    # Which measurements to make: Code (code only, with the UDP echo), TwoRounds (the challenge flow), HeldChallenges
    # (-Requests challenges open at once); comma-separated in one argument too. TwoRounds without Code warms up on its own flow.
    [string[]] $Scenario = @('Code', 'TwoRounds', 'HeldChallenges'),
    # A folder to keep each half-load run's latencies in (the load generator's --latency-file: user, ms), one file per server and scenario.
    [string] $LatencyFolder
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3
$Store = @($Store -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ })
$Servers = @($Servers -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ })
$Scenario = @($Scenario -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ })
foreach ($name in $Scenario) { if ($name -notin 'Code', 'TwoRounds', 'HeldChallenges') { throw "-Scenario takes Code, TwoRounds and HeldChallenges, not '$name'." } }
if ($LatencyFolder) { New-Item -ItemType Directory -Path $LatencyFolder -Force | Out-Null }
foreach ($kind in $Store) { if ($kind -notin 'Sqlite', 'PostgreSql') { throw "-Store takes Sqlite and PostgreSql, not '$kind'." } }
foreach ($count in $Servers) { if ($count -notin '1', '2') { throw "-Servers takes 1 and 2, not '$count'." } }
$Servers = [int[]]$Servers
if ($Requests -gt $Users) { throw "-Requests ($Requests) may not exceed -Users ($Users): a user's code is valid once per 30-second step." }
if ($LargeStoreUsers -gt 0 -and $LargeStoreUsers -le $Users) { throw "-LargeStoreUsers ($LargeStoreUsers) must exceed -Users ($Users)." }
if ($BaselineModule -and -not (Test-Path $BaselineModule -PathType Leaf)) { throw "-BaselineModule names no file: $BaselineModule (build that checkout first: build.ps1 Build)." }
Import-Module (Join-Path $PSScriptRoot 'BenchmarkHelpers.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'BenchmarkListeners.psm1') -Force
Import-Module (Join-Path $PSScriptRoot '../tools/PostgreSqlCluster.psm1') -Force
$root = Split-Path $PSScriptRoot -Parent
$work = Join-Path ([System.IO.Path]::GetTempPath()) ("rasmfa-benchmark-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory -Path $work | Out-Null
if (-not $IsWindows) { & chmod 700 $work }
$processes = [System.Collections.Generic.List[System.Diagnostics.Process]]::new()
$cluster = $null
$secretText = 'benchmark-shared-secret-0123456789'
# Each run logs in a slice of -Requests users; a slice is used again only in a later 30-second step (a code is good once).
$sliceCount = [Math]::Floor($Users / $Requests)
$sliceSteps = @{}

function Get-FreeSlice([string] $Key) {
    if (-not $sliceSteps.ContainsKey($Key)) { $sliceSteps[$Key] = [long[]]::new($sliceCount); [Array]::Fill($sliceSteps[$Key], [long]-1) }
    while ($true) {
        $step = Get-CurrentStep
        for ($slice = 0; $slice -lt $sliceCount; $slice++) { if ($sliceSteps[$Key][$slice] -lt $step) { return $slice } }
        Wait-NextStep
    }
}

# Runs the load generator on a slice of users; with two ports each datagram goes to both servers (RAS active-active).
function Invoke-Load([hashtable] $Target, [string] $Flow = 'code', [double] $Rate = 0, [int] $Count = $Requests, [string[]] $Extra = @()) {
    $slice = if ($Target.Expect -eq 'echo') { 0 } else { Get-FreeSlice $Target.Name }
    $arguments = @($loadGen, 'load', '--server', "127.0.0.1:$($Target.Ports[0])", '--secret', $secretText, '--users', "$work/load-users-$slice.csv",
        '--requests', $Count, '--in-flight', $InFlight, '--expect', $Target.Expect, '--flow', $Flow) + $Extra
    if ($Target.Ports.Count -gt 1) { $arguments += @('--also-server', "127.0.0.1:$($Target.Ports[1])") }
    if ($Rate -gt 0) { $arguments += @('--rate', [Math]::Round($Rate, 1)) }
    $storeRoots = if ($Target.ContainsKey('StoreRoots')) { $Target.StoreRoots } else { @() }
    $cpuBefore = Get-ProcessTreeCpuSeconds $Target.CpuRoots
    $storeBefore = if ($storeRoots) { Get-ProcessTreeCpuSeconds $storeRoots } else { 0 }
    $output = & dotnet @arguments
    $cpuUsed = (Get-ProcessTreeCpuSeconds $Target.CpuRoots) - $cpuBefore
    $storeUsed = if ($storeRoots) { (Get-ProcessTreeCpuSeconds $storeRoots) - $storeBefore } else { 0 }
    if ($Target.Expect -ne 'echo') { $sliceSteps[$Target.Name][$slice] = Get-CurrentStep }
    if ($LASTEXITCODE -ne 0) { throw "Load generator failed: $output" }
    $result = ($output | Where-Object { $_ -like 'RESULT *' }) -replace '^RESULT ', '' | ConvertFrom-Json
    $result | Add-Member CpuSeconds ($cpuUsed + $storeUsed)
    $result | Add-Member StoreCpuSeconds $storeUsed
    $pending = $output | Where-Object { $_ -like 'PENDING *' }
    if ($pending) { $result | Add-Member Pending (($pending -replace '^PENDING ', '') | ConvertFrom-Json) }
    $result
}

# Warm-up (untimed), the most it answers with -InFlight outstanding (CPU of every process serving it), then latency at half that rate.
function Measure-Server([hashtable] $Target, [string] $Flow, [string] $Scenario, [switch] $NoWarmUp) {
    Write-Host "Measuring $($Target.Name), $Scenario"
    if (-not $NoWarmUp) { [void](Invoke-Load $Target -Flow $Flow) }
    $max = Invoke-Load $Target -Flow $Flow
    $latencyFile = if ($LatencyFolder) { @('--latency-file', (Join-Path $LatencyFolder "$($Target.Name -replace '[^A-Za-z0-9]+', '-')-$($Scenario -replace '[^A-Za-z0-9]+', '-').tsv")) } else { @() }
    $half = Invoke-Load $Target -Flow $Flow -Rate ($max.answeredPerSecond / 2) -Count ([Math]::Min($Requests, [Math]::Max(100, [int]($max.answeredPerSecond / 2 * 10)))) -Extra $latencyFile
    $second = if ($max.PSObject.Properties['secondAnswered']) { "$($max.secondAnswered)/$($max.secondDiffering)/$($max.secondMissing)" } else { '' }
    [pscustomobject]@{
        Scenario = $Scenario; Server = $Target.Name; Logins = $max.answered; Accepted = $max.accepted; Lost = $max.lost + $max.invalid
        PerSecond = [Math]::Round($max.answeredPerSecond); AcceptedPerSecond = [Math]::Round($max.acceptedPerSecond)
        CpuMicrosecondsPerLogin = [Math]::Round($max.CpuSeconds * 1e6 / [Math]::Max(1, $max.answered), 1)
        OfWhichPostgreSql = [Math]::Round($max.StoreCpuSeconds * 1e6 / [Math]::Max(1, $max.answered), 1)
        HalfLoadP50Ms = $half.p50; HalfLoadP99Ms = $half.p99; HalfLoadLost = $half.lost + $half.invalid
        PeakMemoryMB = ($Target.MemoryIds | ForEach-Object { Get-PeakMegabytes $_ } | Measure-Object -Sum).Sum
        SecondAnsweredDifferingMissing = $second
    }
}

# Starts a configuration's listeners (the first enrols the users), and for PostgreSQL its database: the target to measure.
function Start-Configuration([hashtable] $Configuration) {
    $folder = "$work/$($Configuration.Key)"
    New-Item -ItemType Directory -Path $folder | Out-Null
    $store = if ($Configuration.Kind -eq 'Sqlite') { @{ Database = "$folder/rasmfa.db" } }
    else {
        $database = New-BenchmarkDatabase -Cluster $cluster -Name "bench_$($Configuration.Key)"
        @{ ConfigFolder = "$folder/config"; ConnectionString = "Host=127.0.0.1;Port=$($cluster.Port);Database=$database"
            Credential = [pscredential]::new('postgres', (ConvertTo-SecureString $cluster.Password -AsPlainText -Force)) }
    }
    $listeners = @(); $ports = @()
    $environment = if ($Configuration.ContainsKey('Environment')) { $Configuration.Environment } else { @{} }
    for ($n = 1; $n -le $Configuration.Servers; $n++) {
        $port = Get-FreePort
        # The listeners inherit this process's environment: the configuration's variables are set only while they start.
        foreach ($name in $environment.Keys) { Set-Item "Env:$name" $environment[$name] }
        try {
            $listener = Start-BenchmarkListener -Folder $folder -Name "listener$n" -Port $port -Module $Configuration.Module -Enrol:($n -eq 1) `
                -EnrolmentFolder $work -Secret $secretText @store
        }
        finally { foreach ($name in $environment.Keys) { Remove-Item "Env:$name" -ErrorAction SilentlyContinue } }
        $processes.Add($listener)
        Wait-ForLine "$folder/listener$n.out" 'READY' 600 $listener
        if ((Get-Content "$folder/listener$n.out" -Raw) -notmatch "STORE $($Configuration.Kind)") { throw "$($Configuration.Name): listener $n opened another store: $(Get-Content "$folder/listener$n.out" -Raw)" }
        $listeners += $listener; $ports += $port
    }
    $storeRoots = if ($Configuration.Kind -eq 'PostgreSql') { @(Get-PostgreSqlServerProcessId $cluster) } else { @() }
    @{ Name = $Configuration.Name; Ports = $ports; CpuRoots = @($listeners.Id); StoreRoots = $storeRoots; MemoryIds = @($listeners.Id); Expect = 'radius'; Listeners = $listeners; Store = $store }
}

try {
    Write-Host "Building the module and the load generator"
    & dotnet pwsh (Join-Path $root 'build.ps1') Build | Out-Null
    & dotnet build (Join-Path $PSScriptRoot 'RasMfa.LoadGen/RasMfa.LoadGen.csproj') -c Release --nologo -v quiet -o (Join-Path $work 'loadgen') | Out-Null
    $script:loadGen = Join-Path $work 'loadgen/RasMfa.LoadGen.dll'
    $module = Join-Path $root 'out/RasMfa/RasMfa.psd1'
    Import-Module $module
    $loadAtStart = (Get-Content /proc/loadavg -Raw).Trim()

    Write-Host "Writing $Users users and their TOTP secrets ($sliceCount slices of $Requests)"
    New-Item -ItemType Directory -Path "$work/freeradius" | Out-Null
    Write-EnrolmentFiles -Folder $work -From 0 -To $Users -Suffix '' -SliceSize $Requests -FreeRadiusUsers "$work/freeradius/users"

    $configurations = [System.Collections.Generic.List[hashtable]]::new()
    foreach ($kind in $Store) {
        foreach ($count in $Servers) {
            $configurations.Add(@{ Key = "$($kind.ToLowerInvariant())$count"; Kind = $kind; Servers = $count; Module = $module
                Name = "RasMfa $(if ($kind -eq 'Sqlite') { 'SQLite' } else { 'PostgreSQL' }), $count server$(if ($count -gt 1) { 's' })" })
        }
    }
    # One server of each store on the baseline, each measured just after this build's first configuration on that store:
    # the pair meets the same moments of a shared machine.
    if ($BaselineModule) {
        foreach ($kind in $Store) {
            $shown = if ($kind -eq 'Sqlite') { 'SQLite' } else { 'PostgreSQL' }
            $after = 0; while ($configurations[$after].Kind -ne $kind) { $after++ }
            $configurations.Insert($after + 1, @{ Key = "baseline$($kind.ToLowerInvariant())"; Kind = $kind; Servers = 1; Module = (Resolve-Path $BaselineModule).Path; Name = "baseline $shown, 1 server" })
        }
    }
    $environmentNumber = 0
    # Configurations may come comma-separated in one argument too (pwsh -File), as -Store's do.
    foreach ($variant in @($ListenerEnvironment -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ })) {
        $variables = [ordered]@{}
        foreach ($pair in @($variant -split ';' | ForEach-Object { $_.Trim() } | Where-Object { $_ })) {
            if ($pair -notmatch '^([A-Za-z_][A-Za-z0-9_]*)=(.*)$') { throw "-ListenerEnvironment takes NAME=VALUE pairs separated by ';', not '$pair'." }
            $variables[$Matches[1]] = $Matches[2]
        }
        $kind = $Store[0]; $environmentNumber++
        $configurations.Add(@{ Key = "$($kind.ToLowerInvariant())environment$environmentNumber"; Kind = $kind; Servers = 1; Module = $module; Environment = $variables
            Name = "RasMfa $(if ($kind -eq 'Sqlite') { 'SQLite' } else { 'PostgreSQL' }), 1 server, $(@($variables.Keys | ForEach-Object { "$_=$($variables[$_])" }) -join ' ')" })
    }
    if ($Store -contains 'PostgreSql') {
        Write-Host "Starting a throwaway PostgreSQL 15 cluster (fsync on, max_connections 300, stock settings otherwise)"
        $cluster = Start-PostgreSqlCluster
    }

    $radiusPort = Get-FreePort; $radiusChallengePort = Get-FreePort
    Write-FreeRadiusConfiguration -Directory "$work/freeradius" -Secret $secretText -CodePort $radiusPort -ChallengePort $radiusChallengePort
    $freeRadius = Start-Process (Get-Command freeradius).Source -ArgumentList @('-f', '-l', 'stdout', '-d', "$work/freeradius") -RedirectStandardOutput "$work/freeradius/out.log" -RedirectStandardError "$work/freeradius/err.log" -PassThru
    $processes.Add($freeRadius)
    $echoPort = Get-FreePort
    $echo = Start-Process dotnet -ArgumentList @($loadGen, 'echo', '--port', $echoPort, '--seconds', '7200') -RedirectStandardOutput "$work/echo.out" -PassThru
    $processes.Add($echo)
    Wait-ForLine "$work/freeradius/out.log" 'Ready to process requests' 60 $freeRadius
    Wait-ForLine "$work/echo.out" 'echo listening' 30 $echo

    $results = [System.Collections.Generic.List[object]]::new()
    $freeRadiusCode = @{ Name = 'FreeRADIUS'; Ports = @($radiusPort); CpuRoots = @($freeRadius.Id); MemoryIds = @($freeRadius.Id); Expect = 'radius' }
    $freeRadiusChallenge = $freeRadiusCode.Clone(); $freeRadiusChallenge.Ports = @($radiusChallengePort)
    $code = $Scenario -contains 'Code'; $twoRounds = $Scenario -contains 'TwoRounds'
    if ($code) {
        $results.Add((Measure-Server $freeRadiusCode -Flow code -Scenario 'code only'))
        $results.Add((Measure-Server @{ Name = 'UDP echo'; Ports = @($echoPort); CpuRoots = @($echo.Id); MemoryIds = @($echo.Id); Expect = 'echo' } -Flow code -Scenario 'code only'))
    }
    if ($twoRounds) { $results.Add((Measure-Server $freeRadiusChallenge -Flow challenge -Scenario 'two rounds' -NoWarmUp:$code)) }

    $held = $null; $large = $null
    foreach ($configuration in $configurations) {
        Write-Host "Starting $($configuration.Name)"
        $target = Start-Configuration $configuration
        try {
            if ($code) { $results.Add((Measure-Server $target -Flow code -Scenario 'code only')) }
            if ($twoRounds) { $results.Add((Measure-Server $target -Flow challenge -Scenario 'two rounds' -NoWarmUp:$code)) }
            if ($configuration -eq $configurations[0] -and $configuration.Servers -eq 1 -and $Scenario -contains 'HeldChallenges') {
                Write-Host "Holding $Requests challenges open on $($configuration.Name)"
                $held = Invoke-Load $target -Extra @('--hold-challenges', '--server-pid', $target.Listeners[0].Id)
            }
            if ($configuration -eq $configurations[0] -and $LargeStoreUsers -gt 0) {
                Write-Host "Growing the store to $LargeStoreUsers users"
                Write-EnrolmentFiles -Folder $work -From $Users -To $LargeStoreUsers -Suffix '-more' -SliceSize 0
                $variable = if ($target.Store.ContainsKey('Database')) { @('RASMFA_DATABASE', $target.Store.Database) } else { @('RASMFA_CONFIG', $target.Store.ConfigFolder) }
                Set-Item "Env:$($variable[0])" $variable[1]
                try {
                    Import-RasMfaUser -Path "$work/users-more.csv" | Out-Null
                    Import-RasMfaOathToken -Path "$work/tokens-more.csv" | Out-Null
                }
                finally { Remove-Item "Env:$($variable[0])" }
                $large = Measure-Server $target -Flow code -Scenario "code only, $LargeStoreUsers users"
                $results.Add($large)
            }
        }
        finally { foreach ($listener in $target.Listeners) { Stop-Process -Id $listener.Id -Force -ErrorAction SilentlyContinue } }
    }

    "RasMfa benchmark: $Users users, $Requests logins per run, $InFlight in flight; $([Environment]::ProcessorCount) cores; $(Get-Date -Format 'yyyy-MM-dd HH:mm')"
    "load average at the start: $loadAtStart; at the end: $((Get-Content /proc/loadavg -Raw).Trim())"
    if ($cluster) { "PostgreSQL: $(& (Join-Path $cluster.BinDirectory 'postgres') --version), a throwaway cluster (fsync on, max_connections 300, stock settings otherwise); its CPU (postmaster, backends, writers) counted in the PostgreSQL rows" }
    $results | Format-Table -AutoSize -Property Scenario, Server, Lost, PerSecond, AcceptedPerSecond, CpuMicrosecondsPerLogin, OfWhichPostgreSql, HalfLoadP50Ms, HalfLoadP99Ms, HalfLoadLost, PeakMemoryMB, SecondAnsweredDifferingMissing |
        Out-String -Width 240
    foreach ($shownScenario in 'code only', 'two rounds') {
        $reference = $results | Where-Object { $_.Scenario -eq $shownScenario -and $_.Server -eq 'FreeRADIUS' }
        foreach ($row in $results | Where-Object { $_.Scenario -eq $shownScenario -and ($_.Server -like 'RasMfa*' -or $_.Server -like 'baseline*') }) {
            "ratios, {0}, {1}: logins/s against FreeRADIUS {2:N2}; CPU per login against FreeRADIUS {3:N2}" -f $shownScenario, $row.Server,
                ($row.AcceptedPerSecond / [Math]::Max(1, $reference.AcceptedPerSecond)), ($row.CpuMicrosecondsPerLogin / [Math]::Max(0.1, $reference.CpuMicrosecondsPerLogin))
        }
        foreach ($shown in 'SQLite', 'PostgreSQL') {
            $now = $results | Where-Object { $_.Scenario -eq $shownScenario -and $_.Server -eq "RasMfa $shown, 1 server" }
            $before = $results | Where-Object { $_.Scenario -eq $shownScenario -and $_.Server -eq "baseline $shown, 1 server" }
            if ($now -and $before) {
                "ratio, {0}: CPU per login RasMfa {1} 1 server / baseline {2:N2}; logins/s {3:N2}" -f $shownScenario, $shown,
                    ($now.CpuMicrosecondsPerLogin / [Math]::Max(0.1, $before.CpuMicrosecondsPerLogin)), ($now.AcceptedPerSecond / [Math]::Max(1, $before.AcceptedPerSecond))
            }
        }
    }
    # Each -ListenerEnvironment configuration against this build's plain one on the same store, same run.
    foreach ($shownScenario in 'code only', 'two rounds') {
        $plain = $results | Where-Object { $_.Scenario -eq $shownScenario -and $_.Server -eq "RasMfa $(if ($Store[0] -eq 'Sqlite') { 'SQLite' } else { 'PostgreSQL' }), 1 server" }
        foreach ($row in $results | Where-Object { $_.Scenario -eq $shownScenario -and $_.Server -like 'RasMfa*, 1 server, *' }) {
            if ($plain) {
                "ratio, {0}: {1} / without: CPU per login {2:N2}; logins/s {3:N2}; peak memory {4:N2}" -f $shownScenario, $row.Server,
                    ($row.CpuMicrosecondsPerLogin / [Math]::Max(0.1, $plain.CpuMicrosecondsPerLogin)), ($row.AcceptedPerSecond / [Math]::Max(1, $plain.AcceptedPerSecond)),
                    ($row.PeakMemoryMB / [Math]::Max(0.1, $plain.PeakMemoryMB))
            }
        }
    }
    $echoRow = $results | Where-Object Server -eq 'UDP echo'
    $first = $results | Where-Object { $_.Scenario -eq 'code only' -and $_.Server -eq $configurations[0].Name }
    if ($echoRow -and $first) { "ratio, code only: answers/s $($configurations[0].Name) / UDP echo {0:N2}" -f ($first.PerSecond / [Math]::Max(1, $echoRow.PerSecond)) }
    if ($held) {
        $p = $held.Pending
        "pending challenges: {0} open at once; RasMfa resident {1} MB before, {2} MB while held, {3} MB after; threads {4}, {5}, {6}; then {7} of {8} answered with Accept" -f `
            $p.opened, $p.beforeMB, $p.heldMB, $p.afterMB, $p.beforeThreads, $p.heldThreads, $p.afterThreads, $held.accepted, $Requests
    }
    if ($large -and $first) { "large store: logins/s with {0} users / with {1} users {2:N2}" -f $LargeStoreUsers, $Users, ($large.AcceptedPerSecond / [Math]::Max(1, $first.AcceptedPerSecond)) }
}
finally {
    foreach ($process in $processes) { if (-not $process.HasExited) { Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue } }
    if ($cluster) { Stop-PostgreSqlCluster $cluster }
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}
