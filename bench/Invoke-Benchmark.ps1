<#
.SYNOPSIS
    RasMfa side by side with FreeRADIUS (rlm_totp) and a bare .NET UDP echo: throughput, CPU per login, latency at
    half load, memory; the two-round challenge flow; many challenges pending at once; and a large store.
.DESCRIPTION
    Enrols -Users users through the module (Import-RasMfaUser, Import-RasMfaOathToken) and writes the same secrets
    into a FreeRADIUS users file; starts RasMfa (Start-RasMfaRadiusServer on the embedded SQLite store, default
    security settings: Message-Authenticator required, replay protection and audit on) in its own PowerShell process,
    FreeRADIUS 3.2 with files + totp and reject_delay 0, and the echo. Each server is warmed up with one untimed run,
    then driven by bench/RasMfa.LoadGen with at most -InFlight requests in flight, then at half the rate it reached.
    Scenarios: code only (PAP), and two rounds (empty password, Access-Challenge, code with the State), on RasMfa and
    FreeRADIUS; -Requests challenges held open at once on RasMfa (memory and threads before, while held, after); with
    -LargeStoreUsers, the store grown to that many users and the code-only run repeated (ratio to the first).
    Loopback only; every run is bounded by -Requests and time, and the servers are stopped at the end, on Ctrl+C or
    on failure.
.EXAMPLE
    dotnet pwsh ./bench/Invoke-Benchmark.ps1 -Users 10000 -Requests 10000
.EXAMPLE
    dotnet pwsh ./bench/Invoke-Benchmark.ps1 -Users 10000 -Requests 10000 -LargeStoreUsers 1000000
#>
param(
    [ValidateRange(100, 1000000)] [int] $Users = 10000,
    [ValidateRange(100, 1000000)] [int] $Requests = 10000,
    [ValidateRange(1, 1600)] [int] $InFlight = 64,
    [ValidateRange(0, 5000000)] [int] $LargeStoreUsers = 0
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3
if ($Requests -gt $Users) { throw "-Requests ($Requests) may not exceed -Users ($Users): a user's code is valid once per 30-second step." }
if ($LargeStoreUsers -gt 0 -and $LargeStoreUsers -le $Users) { throw "-LargeStoreUsers ($LargeStoreUsers) must exceed -Users ($Users)." }
Import-Module (Join-Path $PSScriptRoot 'BenchmarkHelpers.psm1') -Force
$root = Split-Path $PSScriptRoot -Parent
$work = Join-Path ([System.IO.Path]::GetTempPath()) ("rasmfa-benchmark-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory -Path $work | Out-Null
$processes = [System.Collections.Generic.List[System.Diagnostics.Process]]::new()
$secretText = 'benchmark-shared-secret-0123456789'

function Invoke-Load([int] $Port, [string] $Expect, [string] $Flow = 'code', [double] $Rate = 0, [int] $Count = $Requests, [string[]] $Extra = @()) {
    $arguments = @($loadGen, 'load', '--server', "127.0.0.1:$Port", '--secret', $secretText, '--users', $loadUsers, '--requests', $Count,
        '--in-flight', $InFlight, '--expect', $Expect, '--flow', $Flow) + $Extra
    if ($Rate -gt 0) { $arguments += @('--rate', [Math]::Round($Rate, 1)) }
    $output = & dotnet @arguments
    if ($LASTEXITCODE -ne 0) { throw "Load generator failed: $output" }
    $result = ($output | Where-Object { $_ -like 'RESULT *' }) -replace '^RESULT ', '' | ConvertFrom-Json
    $pending = $output | Where-Object { $_ -like 'PENDING *' }
    if ($pending) { $result | Add-Member Pending (($pending -replace '^PENDING ', '') | ConvertFrom-Json) }
    $result
}

# Warm-up (untimed), the most it answers with -InFlight outstanding (CPU measured), then latency at half that rate.
function Measure-Server([hashtable] $Target, [string] $Flow, [string] $Scenario, [switch] $NoWarmUp) {
    Write-Host "Measuring $($Target.Name), $Scenario"
    if (-not $NoWarmUp) { Wait-NextStep; [void](Invoke-Load -Port $Target.Port -Expect $Target.Expect -Flow $Flow) }
    Wait-NextStep
    $cpuBefore = Get-CpuSeconds $Target.Process.Id
    $max = Invoke-Load -Port $Target.Port -Expect $Target.Expect -Flow $Flow
    $cpuUsed = (Get-CpuSeconds $Target.Process.Id) - $cpuBefore
    Wait-NextStep
    $half = Invoke-Load -Port $Target.Port -Expect $Target.Expect -Flow $Flow -Rate ($max.answeredPerSecond / 2) -Count ([Math]::Min($Requests, [Math]::Max(100, [int]($max.answeredPerSecond / 2 * 10))))
    [pscustomobject]@{
        Scenario = $Scenario; Server = $Target.Name; Logins = $max.answered; Accepted = $max.accepted; Lost = $max.lost + $max.invalid
        PerSecond = [Math]::Round($max.answeredPerSecond); AcceptedPerSecond = [Math]::Round($max.acceptedPerSecond)
        CpuMicrosecondsPerLogin = [Math]::Round($cpuUsed * 1e6 / [Math]::Max(1, $max.answered), 1)
        HalfLoadP50Ms = $half.p50; HalfLoadP99Ms = $half.p99; HalfLoadLost = $half.lost + $half.invalid; PeakMemoryMB = Get-PeakMegabytes $Target.Process.Id
    }
}

function Write-EnrolmentFiles([int] $From, [int] $To, [string] $Suffix, [switch] $WithFreeRadius) {
    $userLines = [System.Collections.Generic.List[string]]::new(); $userLines.Add('UserName,Enabled')
    $tokenLines = [System.Collections.Generic.List[string]]::new(); $tokenLines.Add('Serial,Secret,Type,Digits,Period,UserName')
    $loadLines = [System.Collections.Generic.List[string]]::new(); $loadLines.Add('UserName,Secret')
    $radiusUsers = [System.Text.StringBuilder]::new()
    $bytes = [byte[]]::new(20)
    for ($i = $From; $i -lt $To; $i++) {
        [System.Security.Cryptography.RandomNumberGenerator]::Fill($bytes)
        $base32 = (Get-EngineType Tokens.OtpSecrets)::ToBase32($bytes)
        $userLines.Add("user$i,True"); $tokenLines.Add("BENCH$i,$base32,TOTP,6,30,user$i"); $loadLines.Add("user$i,$base32")
        if ($WithFreeRadius) { [void]$radiusUsers.Append("user$i TOTP-Secret := `"$base32`"`n") }
    }
    [System.IO.File]::WriteAllLines("$work/users$Suffix.csv", $userLines)
    [System.IO.File]::WriteAllLines("$work/tokens$Suffix.csv", $tokenLines)
    [System.IO.File]::WriteAllLines("$work/load-users$Suffix.csv", $loadLines)
    if ($WithFreeRadius) { [System.IO.File]::WriteAllText("$work/freeradius/users", $radiusUsers.ToString()) }
}

try {
    Write-Host "Building the module and the load generator"
    & dotnet pwsh (Join-Path $root 'build.ps1') Build | Out-Null
    & dotnet build (Join-Path $PSScriptRoot 'RasMfa.LoadGen/RasMfa.LoadGen.csproj') -c Release --nologo -v quiet -o (Join-Path $work 'loadgen') | Out-Null
    $script:loadGen = Join-Path $work 'loadgen/RasMfa.LoadGen.dll'
    Import-Module (Join-Path $root 'out/RasMfa/RasMfa.psd1')

    Write-Host "Writing $Users users and their TOTP secrets"
    New-Item -ItemType Directory -Path "$work/freeradius" | Out-Null
    Write-EnrolmentFiles -From 0 -To $Users -Suffix '' -WithFreeRadius
    $script:loadUsers = "$work/load-users.csv"

    # RasMfa, in its own process so that its CPU time and memory are its own.
    $rasmfaPort = Get-FreePort
    $database = "$work/rasmfa/rasmfa.db"
    Set-Content "$work/rasmfa.ps1" @"
`$env:RASMFA_DATABASE = '$database'
Import-Module '$root/out/RasMfa/RasMfa.psd1'
Import-RasMfaUser -Path '$work/users.csv' | Out-Null
Import-RasMfaOathToken -Path '$work/tokens.csv'
Add-RasMfaRadiusClient -Name loadgen -Address 127.0.0.1 -SharedSecret (ConvertTo-SecureString '$secretText' -AsPlainText -Force)
Start-RasMfaRadiusServer -Port $rasmfaPort -LocalAddress 127.0.0.1
'READY'
Start-Sleep -Seconds 7200
"@
    $pwsh = (Get-Process -Id $PID).Path
    [string[]] $pwshArguments = if ([System.IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { @((Join-Path $PSHOME 'pwsh.dll')) } else { @() }
    $rasmfa = Start-Process $pwsh -ArgumentList ($pwshArguments + @('-NoProfile', '-File', "$work/rasmfa.ps1")) -RedirectStandardOutput "$work/rasmfa.out" -RedirectStandardError "$work/rasmfa.err" -PassThru
    $processes.Add($rasmfa)

    $radiusPort = Get-FreePort; $radiusChallengePort = Get-FreePort
    Write-FreeRadiusConfiguration -Directory "$work/freeradius" -Secret $secretText -CodePort $radiusPort -ChallengePort $radiusChallengePort
    $freeRadius = Start-Process (Get-Command freeradius).Source -ArgumentList @('-f', '-l', 'stdout', '-d', "$work/freeradius") -RedirectStandardOutput "$work/freeradius/out.log" -RedirectStandardError "$work/freeradius/err.log" -PassThru
    $processes.Add($freeRadius)

    $echoPort = Get-FreePort
    $echo = Start-Process dotnet -ArgumentList @($loadGen, 'echo', '--port', $echoPort, '--seconds', '7200') -RedirectStandardOutput "$work/echo.out" -PassThru
    $processes.Add($echo)

    Write-Host "Starting the servers"
    Wait-ForLine "$work/rasmfa.out" 'READY' 300 $rasmfa
    Wait-ForLine "$work/freeradius/out.log" 'Ready to process requests' 60 $freeRadius
    Wait-ForLine "$work/echo.out" 'echo listening' 30 $echo

    $rasmfaTarget = @{ Name = 'RasMfa'; Port = $rasmfaPort; Process = $rasmfa; Expect = 'radius' }
    $results = [System.Collections.Generic.List[object]]::new()
    $results.Add((Measure-Server $rasmfaTarget -Flow code -Scenario 'code only'))
    $results.Add((Measure-Server @{ Name = 'FreeRADIUS'; Port = $radiusPort; Process = $freeRadius; Expect = 'radius' } -Flow code -Scenario 'code only'))
    $results.Add((Measure-Server @{ Name = 'UDP echo'; Port = $echoPort; Process = $echo; Expect = 'echo' } -Flow code -Scenario 'code only'))
    $results.Add((Measure-Server $rasmfaTarget -Flow challenge -Scenario 'two rounds' -NoWarmUp))
    $results.Add((Measure-Server @{ Name = 'FreeRADIUS'; Port = $radiusChallengePort; Process = $freeRadius; Expect = 'radius' } -Flow challenge -Scenario 'two rounds' -NoWarmUp))

    Write-Host "Holding $Requests challenges open on RasMfa"
    Wait-NextStep
    $held = Invoke-Load -Port $rasmfaPort -Expect radius -Extra @('--hold-challenges', '--server-pid', $rasmfa.Id)

    $large = $null
    if ($LargeStoreUsers -gt 0) {
        Write-Host "Growing the store to $LargeStoreUsers users"
        Write-EnrolmentFiles -From $Users -To $LargeStoreUsers -Suffix '-more'
        $env:RASMFA_DATABASE = $database
        try {
            Import-RasMfaUser -Path "$work/users-more.csv" | Out-Null
            Import-RasMfaOathToken -Path "$work/tokens-more.csv" | Out-Null
        }
        finally { Remove-Item Env:RASMFA_DATABASE }
        $large = Measure-Server $rasmfaTarget -Flow code -Scenario "code only, $LargeStoreUsers users"
        $results.Add($large)
    }

    "RasMfa benchmark: $Users users, $Requests logins per run, $InFlight in flight; $([Environment]::ProcessorCount) cores; $(Get-Date -Format 'yyyy-MM-dd')"
    $results | Format-Table -AutoSize -Property Scenario, Server, Lost, PerSecond, AcceptedPerSecond, CpuMicrosecondsPerLogin, HalfLoadP50Ms, HalfLoadP99Ms, HalfLoadLost, PeakMemoryMB |
        Out-String -Width 220
    $r = $results[0]; $f = $results[1]; $e = $results[2]; $r2 = $results[3]; $f2 = $results[4]
    "ratios, code only: logins/s RasMfa/FreeRADIUS {0:N2}, RasMfa/echo (answers/s) {1:N2}; CPU per login RasMfa/FreeRADIUS {2:N2}" -f `
        ($r.AcceptedPerSecond / [Math]::Max(1, $f.AcceptedPerSecond)), ($r.PerSecond / [Math]::Max(1, $e.PerSecond)), ($r.CpuMicrosecondsPerLogin / [Math]::Max(0.1, $f.CpuMicrosecondsPerLogin))
    "ratios, two rounds: logins/s RasMfa/FreeRADIUS {0:N2}; CPU per login RasMfa/FreeRADIUS {1:N2}" -f `
        ($r2.AcceptedPerSecond / [Math]::Max(1, $f2.AcceptedPerSecond)), ($r2.CpuMicrosecondsPerLogin / [Math]::Max(0.1, $f2.CpuMicrosecondsPerLogin))
    $p = $held.Pending
    "pending challenges: {0} open at once; RasMfa resident {1} MB before, {2} MB while held, {3} MB after; threads {4}, {5}, {6}; then {7} of {8} answered with Accept" -f `
        $p.opened, $p.beforeMB, $p.heldMB, $p.afterMB, $p.beforeThreads, $p.heldThreads, $p.afterThreads, $held.accepted, $Requests
    if ($large) { "large store: logins/s with {0} users / with {1} users {2:N2}" -f $LargeStoreUsers, $Users, ($large.AcceptedPerSecond / [Math]::Max(1, $r.AcceptedPerSecond)) }
}
finally {
    foreach ($process in $processes) { if (-not $process.HasExited) { Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue } }
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}
