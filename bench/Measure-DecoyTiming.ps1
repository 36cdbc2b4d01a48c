<#
.SYNOPSIS
    Does a wrong code take as long for an unknown user as for a real one? Medians and p90 of the answer time, known
    against unknown, code only and in rounds two and three of a challenge, with their ratios.
.DESCRIPTION
    Enrols -Tries users through the module, starts RasMfa (Start-RasMfaRadiusServer on the embedded SQLite store, default
    settings) in its own PowerShell process, and drives it with bench/RasMfa.LoadGen, one request at a time, sending
    wrong codes in turn for an enrolled user and for a name that is not enrolled, so that both kinds meet the machine
    (and the other work on it) alike. Scenarios:
      code only       the wrong code in User-Password (known: "wrong code"; unknown: "unknown user");
      challenge 2     an empty password (Access-Challenge, a decoy for the unknown), then the wrong code with the State;
                      only that second round timed;
      challenge 3     the same, then another wrong code with the State of the "Wrong code" challenge; only round 3 timed.
    Each scenario runs -Tries tries of each kind, in -Blocks runs of the load generator, each with users of its own (a
    known user gets at most 4 wrong codes in all, below the default lockout of 10); the blocks' times are pooled. Every
    path is run untimed first. The ratio is unknown over known: 1.00 is "the same".
    Loopback only; the server is stopped at the end, on Ctrl+C or on failure.
.EXAMPLE
    dotnet pwsh ./bench/Measure-DecoyTiming.ps1 -Tries 1000
#>
param(
    [ValidateRange(100, 100000)] [int] $Tries = 1000,
    [ValidateRange(1, 100)] [int] $Blocks = 10
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3
Import-Module (Join-Path $PSScriptRoot 'BenchmarkHelpers.psm1') -Force
$root = Split-Path $PSScriptRoot -Parent
$work = Join-Path ([System.IO.Path]::GetTempPath()) ("rasmfa-decoy-timing-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory -Path $work | Out-Null
$secretText = 'benchmark-shared-secret-0123456789'
$perBlock = [int][Math]::Ceiling($Tries / $Blocks)
$server = $null

# The load generator's users files (name, base32 secret), one per block so that no user is tried in two blocks, each
# alternating an enrolled user and an unknown name: one in flight, the two kinds go out turn about and share the
# machine's moments alike. The enrolled ones also as module import files.
function Write-Users([int] $Count, [int] $Slices, [string] $Known = 'user', [string] $Unknown = 'ghost') {
    $users = [System.Collections.Generic.List[string]]::new(); $users.Add('UserName,Enabled')
    $tokens = [System.Collections.Generic.List[string]]::new(); $tokens.Add('Serial,Secret,Type,Digits,Period,UserName')
    $bytes = [byte[]]::new(20)
    $perSlice = [int][Math]::Ceiling($Count / $Slices)
    for ($slice = 0; $slice -lt $Slices; $slice++) {
        $load = [System.Collections.Generic.List[string]]::new(); $load.Add('UserName,Secret')
        for ($i = $slice * $perSlice; $i -lt ($slice + 1) * $perSlice; $i++) {
            [System.Security.Cryptography.RandomNumberGenerator]::Fill($bytes)
            $base32 = (Get-EngineType Tokens.OtpSecrets)::ToBase32($bytes)
            $users.Add("$Known$i,True"); $tokens.Add("$($Known.ToUpperInvariant())$i,$base32,TOTP,6,30,$Known$i")
            $load.Add("$Known$i,$base32"); $load.Add("$Unknown$i,$base32")
        }
        [System.IO.File]::WriteAllLines("$work/load-$Known-$slice.csv", $load)
    }
    [System.IO.File]::WriteAllLines("$work/users-$Known.csv", $users); [System.IO.File]::WriteAllLines("$work/tokens-$Known.csv", $tokens)
}

# One run of the load generator, one request in flight; returns its result, with each login's time by the kind of name.
function Invoke-Tries([string] $Known, [int] $Slice, [string] $Flow, [int] $Round, [int] $Count) {
    $latencyFile = "$work/latency-$([guid]::NewGuid().ToString('N')).txt"
    $arguments = @($loadGen, 'load', '--server', "127.0.0.1:$port", '--secret', $secretText, '--users', "$work/load-$Known-$Slice.csv", '--requests', $Count,
        '--in-flight', 1, '--code', 'wrong', '--flow', $Flow, '--time-round', $Round, '--latency-file', $latencyFile)
    $output = & dotnet @arguments
    if ($LASTEXITCODE -ne 0) { throw "Load generator failed: $output" }
    $result = ($output | Where-Object { $_ -like 'RESULT *' }) -replace '^RESULT ', '' | ConvertFrom-Json
    $timed = Get-Content $latencyFile | ForEach-Object { $name, $ms = $_ -split "`t"; [pscustomobject]@{ Known = $name.StartsWith($Known); Ms = [double]$ms } } |
        Where-Object { -not [double]::IsNaN($_.Ms) }
    $result | Add-Member KnownMs ([double[]]($timed | Where-Object Known | ForEach-Object Ms))
    $result | Add-Member UnknownMs ([double[]]($timed | Where-Object { -not $_.Known } | ForEach-Object Ms))
    $result
}

function Get-Percentile([double[]] $Sorted, [double] $P) { $Sorted[[Math]::Min($Sorted.Length - 1, [int][Math]::Ceiling($P / 100 * $Sorted.Length) - 1)] }

try {
    Write-Host "Building the module and the load generator"
    & dotnet pwsh (Join-Path $root 'build.ps1') Build | Out-Null
    & dotnet build (Join-Path $PSScriptRoot 'RasMfa.LoadGen/RasMfa.LoadGen.csproj') -c Release --nologo -v quiet -o (Join-Path $work 'loadgen') | Out-Null
    $script:loadGen = Join-Path $work 'loadgen/RasMfa.LoadGen.dll'
    Import-Module (Join-Path $root 'out/RasMfa/RasMfa.psd1')

    Write-Users -Count $Tries -Slices $Blocks
    Write-Users -Count 200 -Slices 1 -Known 'warm' -Unknown 'nobody'

    $script:port = Get-FreePort
    Set-Content "$work/rasmfa.ps1" @"
`$env:RASMFA_DATABASE = '$work/rasmfa/rasmfa.db'
Import-Module '$root/out/RasMfa/RasMfa.psd1'
foreach (`$prefix in 'user', 'warm') {
    Import-RasMfaUser -Path "$work/users-`$prefix.csv" | Out-Null
    Import-RasMfaOathToken -Path "$work/tokens-`$prefix.csv" | Out-Null
}
Add-RasMfaRadiusClient -Name loadgen -Address 127.0.0.1 -SharedSecret (ConvertTo-SecureString '$secretText' -AsPlainText -Force)
Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1
'READY'
Start-Sleep -Seconds 3600
"@
    $pwsh = (Get-Process -Id $PID).Path
    [string[]] $pwshArguments = if ([System.IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { @((Join-Path $PSHOME 'pwsh.dll')) } else { @() }
    $server = Start-Process $pwsh -ArgumentList ($pwshArguments + @('-NoProfile', '-File', "$work/rasmfa.ps1")) -RedirectStandardOutput "$work/rasmfa.out" -RedirectStandardError "$work/rasmfa.err" -PassThru
    Wait-ForLine "$work/rasmfa.out" 'READY' 300 $server

    $scenarios = @(
        @{ Name = 'code only'; Flow = 'code'; Round = 1 },
        @{ Name = 'challenge, round 2 (first code)'; Flow = 'challenge'; Round = 2 },
        @{ Name = 'challenge, round 3 (second code)'; Flow = 'challenge'; Round = 3 })
    # Every path both kinds take, run untimed first, so that none is timed before the JIT has compiled it fully.
    Write-Host "Warming up"
    foreach ($scenario in $scenarios) { [void](Invoke-Tries -Known warm -Slice 0 -Flow $scenario.Flow -Round $scenario.Round -Count 400) }

    $rows = foreach ($scenario in $scenarios) {
        Write-Host "Measuring $($scenario.Name)"
        $knownMs = [System.Collections.Generic.List[double]]::new(); $unknownMs = [System.Collections.Generic.List[double]]::new()
        $answers = @{}
        for ($block = 0; $block -lt $Blocks; $block++) {
            $result = Invoke-Tries -Known user -Slice $block -Flow $scenario.Flow -Round $scenario.Round -Count (2 * $perBlock)
            $knownMs.AddRange($result.KnownMs); $unknownMs.AddRange($result.UnknownMs)
            foreach ($kind in 'accepted', 'rejected', 'challenged', 'lost') { $answers[$kind] += $result.$kind }
        }
        $known = [double[]]($knownMs | Sort-Object); $unknown = [double[]]($unknownMs | Sort-Object)
        $knownMedian = Get-Percentile $known 50; $unknownMedian = Get-Percentile $unknown 50
        $knownP90 = Get-Percentile $known 90; $unknownP90 = Get-Percentile $unknown 90
        [pscustomobject]@{
            Scenario = $scenario.Name; Known = $known.Length; Unknown = $unknown.Length
            KnownMedianMs = [Math]::Round($knownMedian, 3); UnknownMedianMs = [Math]::Round($unknownMedian, 3); MedianRatio = [Math]::Round($unknownMedian / $knownMedian, 2)
            KnownP90Ms = [Math]::Round($knownP90, 3); UnknownP90Ms = [Math]::Round($unknownP90, 3); P90Ratio = [Math]::Round($unknownP90 / $knownP90, 2)
            Answers = "A{0} R{1} C{2} lost{3}" -f $answers.accepted, $answers.rejected, $answers.challenged, $answers.lost
        }
    }
    "Wrong codes, known users against unknown: $Tries tries each per scenario, one in flight, in $Blocks alternating blocks; $([Environment]::ProcessorCount) cores; $(Get-Date -Format 'yyyy-MM-dd')"
    $rows | Format-Table -AutoSize | Out-String -Width 220
    "Ratios are unknown/known (1.00: the same). Answers, both kinds together: A accepted, R rejected, C challenged (every round's"
    "challenge counted, so a challenge flow answered alike to the end shows C = rounds x tries x 2 and R = 0)."
}
finally {
    if ($server -and -not $server.HasExited) { Stop-Process -Id $server.Id -Force -ErrorAction SilentlyContinue }
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}
