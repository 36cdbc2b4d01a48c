<#
.SYNOPSIS
    One signed client floods "Forward username only" requests for -Seconds: the listener's resident memory before and
    after, and whether logins already half done still finish, with the caps on open challenges (the defaults) and,
    as the baseline in the same run, with them raised out of reach (as before issue 11).
.DESCRIPTION
    For each configuration a fresh store and listener run in their own PowerShell process, with -Users enrolled users
    and one RADIUS client (Message-Authenticator required and sent). bench/RasMfa.LoadGen's flood mode opens a real
    challenge for every user, then floods username-only requests with a new made-up name each (each would open a decoy
    challenge) from 2 sockets as fast as they go, and halfway through answers every real challenge with its code (as a
    NAS would: 3 tries, 2 s apart). Prints the memory figures, the second rounds accepted, the listener's counters
    (drops by reason, pending challenges, kernel drops), and the ratios capped/uncapped. Loopback only; bounded by
    -Seconds; the listeners are stopped at the end, on Ctrl+C or on failure.
.EXAMPLE
    dotnet pwsh ./bench/Measure-ChallengeFlood.ps1 -Seconds 20
#>
param(
    [ValidateRange(5, 120)] [int] $Seconds = 20,
    [ValidateRange(10, 2000)] [int] $Users = 200,
    [switch] $NoBuild
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3
Import-Module (Join-Path $PSScriptRoot 'BenchmarkHelpers.psm1') -Force
$root = Split-Path $PSScriptRoot -Parent
$work = Join-Path ([System.IO.Path]::GetTempPath()) ("rasmfa-flood-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory -Path $work | Out-Null
$processes = [System.Collections.Generic.List[System.Diagnostics.Process]]::new()
$secretText = 'flood-bench-shared-secret-0123456789'

function Measure-Flood([string] $Name, [string] $Settings) {
    $port = Get-FreePort
    $folder = "$work/" + ($Name -replace '[^a-z]', '')
    New-Item -ItemType Directory -Path $folder | Out-Null
    # The listener's process: enrols the users, starts, then prints its status when asked (a file appears) and stops.
    Set-Content "$folder/server.ps1" @"
`$env:RASMFA_DATABASE = '$folder/store/rasmfa.db'
Import-Module '$root/out/RasMfa/RasMfa.psd1'
Import-RasMfaUser -Path '$work/users.csv' | Out-Null
Import-RasMfaOathToken -Path '$work/tokens.csv' | Out-Null
Add-RasMfaRadiusClient -Name flooder -Address 127.0.0.1 -SharedSecret (ConvertTo-SecureString '$secretText' -AsPlainText -Force)
$Settings
Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1 | Out-Null
'READY'
while (-not (Test-Path '$folder/report')) { Start-Sleep -Milliseconds 200 }
`$s = Get-RasMfaRadiusServer
'STATUS ' + (@{ pending = `$s.PendingChallenges; kernelDrops = `$s.KernelDrops; challenged = `$s.Counters.Challenged; accepted = `$s.Counters.Accepted
    drops = `$s.Counters.DroppedByReason } | ConvertTo-Json -Compress)
Stop-RasMfaRadiusServer
'STOPPED'
"@
    $pwsh = (Get-Process -Id $PID).Path
    [string[]] $pwshArguments = if ([System.IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { @((Join-Path $PSHOME 'pwsh.dll')) } else { @() }
    $server = Start-Process $pwsh -ArgumentList ($pwshArguments + @('-NoProfile', '-File', "$folder/server.ps1")) -RedirectStandardOutput "$folder/server.out" -RedirectStandardError "$folder/server.err" -PassThru
    $processes.Add($server)
    Wait-ForLine "$folder/server.out" 'READY' 300 $server
    Start-Sleep -Seconds 2  # let the start's allocations settle before the first sample
    Wait-NextStep
    $lines = & dotnet $loadGen flood --server "127.0.0.1:$port" --secret $secretText --users "$work/load-users.csv" --seconds $Seconds --server-pid $server.Id
    if ($LASTEXITCODE -ne 0) { throw "The flood failed: $lines" }
    $lines | Where-Object { $_ -notlike 'FLOOD *' } | Write-Host
    New-Item -ItemType File -Path "$folder/report" | Out-Null
    # The listener's process prints its status, stops and exits; its exit is the signal (a line check could race it).
    if (-not $server.WaitForExit(60000)) { throw "The listener did not stop within 60 s:`n$(Get-Content "$folder/server.out" -Raw)" }
    $status = ((Get-Content "$folder/server.out") | Where-Object { $_ -like 'STATUS *' }) -replace '^STATUS ', '' | ConvertFrom-Json
    $flood = ($lines | Where-Object { $_ -like 'FLOOD *' }) -replace '^FLOOD ', '' | ConvertFrom-Json
    [pscustomobject]@{
        Configuration = $Name; Sent = $flood.sent; Challenged = $flood.challenged; PendingAtEnd = $status.pending
        SecondRounds = "$($flood.accepted) of $($flood.opened)"; BeforeMB = $flood.beforeMB; HalfwayMB = $flood.halfwayMB; AfterMB = $flood.afterMB
        GrowthMB = [Math]::Round($flood.afterMB - $flood.beforeMB, 1)
        CapDrops = $status.drops.ChallengeLimitPerClient + $status.drops.ChallengeLimitTotal; InFlightDrops = $status.drops.InFlightLimit
        KernelDrops = $status.kernelDrops
    }
}

try {
    if (-not $NoBuild) {
        Write-Host "Building the module and the load generator"
        & dotnet pwsh (Join-Path $root 'build.ps1') Build | Out-Null
    }
    & dotnet build (Join-Path $PSScriptRoot 'RasMfa.LoadGen/RasMfa.LoadGen.csproj') -c Release --nologo -v quiet -o (Join-Path $work 'loadgen') | Out-Null
    $script:loadGen = Join-Path $work 'loadgen/RasMfa.LoadGen.dll'

    $userLines = [System.Collections.Generic.List[string]]::new(); $userLines.Add('UserName')
    $tokenLines = [System.Collections.Generic.List[string]]::new(); $tokenLines.Add('Serial,Secret,Type,UserName')
    $loadLines = [System.Collections.Generic.List[string]]::new(); $loadLines.Add('UserName,Secret')
    $bytes = [byte[]]::new(20)
    Import-Module (Join-Path $root 'out/RasMfa/RasMfa.psd1')
    for ($i = 0; $i -lt $Users; $i++) {
        [System.Security.Cryptography.RandomNumberGenerator]::Fill($bytes)
        $secret = (Get-EngineType Tokens.OtpSecrets)::ToBase32($bytes)
        $userLines.Add("real$i"); $tokenLines.Add("R$i,$secret,TOTP,real$i"); $loadLines.Add("real$i,$secret")
    }
    [System.IO.File]::WriteAllLines("$work/users.csv", $userLines)
    [System.IO.File]::WriteAllLines("$work/tokens.csv", $tokenLines)
    [System.IO.File]::WriteAllLines("$work/load-users.csv", $loadLines)

    $results = @(
        Measure-Flood 'uncapped (baseline)' 'Set-RasMfaConfiguration -MaxPendingChallengesPerClient 1000000 -MaxPendingChallenges 1000000 -MaxRequestsInFlight 100000'
        Measure-Flood 'capped (defaults)' ''
    )
    "Challenge flood: one signed client, $Seconds s, 2 senders; $Users real logins answered halfway; $([Environment]::ProcessorCount) cores; $(Get-Date -Format 'yyyy-MM-dd')"
    $results | Format-Table -AutoSize -Property Configuration, Sent, Challenged, PendingAtEnd, SecondRounds, BeforeMB, HalfwayMB, AfterMB, GrowthMB | Out-String -Width 220
    $results | Format-Table -AutoSize -Property Configuration, CapDrops, InFlightDrops, KernelDrops | Out-String -Width 220
    $u = $results[0]; $c = $results[1]
    "ratios capped/uncapped: memory growth {0:N2}, challenges pending at the end {1:N2}" -f `
        ($c.GrowthMB / [Math]::Max(0.1, $u.GrowthMB)), ($c.PendingAtEnd / [Math]::Max(1, $u.PendingAtEnd))
}
finally {
    foreach ($process in $processes) { if (-not $process.HasExited) { Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue } }
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}
