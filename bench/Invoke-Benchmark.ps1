<#
.SYNOPSIS
    RasMfa side by side with FreeRADIUS (rlm_totp) and a bare .NET UDP echo: throughput, CPU per authentication,
    latency at half load, peak memory. Code-only TOTP logins over PAP with Message-Authenticator.
.DESCRIPTION
    Enrols -Users users through the module (Import-RasMfaUser, Import-RasMfaOathToken) and writes the same secrets
    into a FreeRADIUS users file; starts RasMfa (Start-RasMfaRadiusServer on the embedded SQLite store, default
    security settings: Message-Authenticator required, replay protection and audit on) in its own PowerShell process,
    FreeRADIUS 3.2 with files + totp and reject_delay 0, and the echo; drives each with bench/RasMfa.LoadGen at most
    -InFlight requests in flight, then at half the rate it reached. Loopback only; every run is bounded by -Requests
    and the servers are stopped at the end, on Ctrl+C or on failure.
.EXAMPLE
    dotnet pwsh ./bench/Invoke-Benchmark.ps1 -Users 10000 -Requests 10000
#>
param(
    [ValidateRange(100, 1000000)] [int] $Users = 10000,
    [ValidateRange(100, 1000000)] [int] $Requests = 10000,
    [ValidateRange(1, 1600)] [int] $InFlight = 64
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3
if ($Requests -gt $Users) { throw "-Requests ($Requests) may not exceed -Users ($Users): a user's code is valid once per 30-second step." }
$root = Split-Path $PSScriptRoot -Parent
$work = Join-Path ([System.IO.Path]::GetTempPath()) ("rasmfa-benchmark-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory -Path $work | Out-Null
$processes = [System.Collections.Generic.List[System.Diagnostics.Process]]::new()
$secretText = 'benchmark-shared-secret-0123456789'
$clockTicks = [double](& getconf CLK_TCK)

function Get-FreePort { $u = [System.Net.Sockets.UdpClient]::new(0); try { $u.Client.LocalEndPoint.Port } finally { $u.Dispose() } }
function Get-CpuSeconds([int] $ProcessId) {
    $fields = (Get-Content "/proc/$ProcessId/stat" -Raw).Split(')')[1].Trim().Split(' ')
    ([double]$fields[11] + [double]$fields[12]) / $clockTicks
}
function Get-PeakMegabytes([int] $ProcessId) {
    $line = Get-Content "/proc/$ProcessId/status" | Where-Object { $_ -like 'VmHWM:*' }
    [Math]::Round([double]($line -replace '[^0-9]', '') / 1024, 1)
}
function Wait-ForLine([string] $Path, [string] $Pattern, [int] $Seconds, [System.Diagnostics.Process] $Process) {
    $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
    while ([DateTime]::UtcNow -lt $deadline) {
        if ($Process.HasExited) { throw "The process writing $Path exited:`n$(Get-Content $Path -Raw -ErrorAction SilentlyContinue)" }
        if ((Test-Path $Path) -and (Get-Content $Path -Raw) -match $Pattern) { return }
        Start-Sleep -Milliseconds 200
    }
    throw "Timed out waiting for '$Pattern' in $Path`n$(Get-Content $Path -Raw -ErrorAction SilentlyContinue)"
}
function Wait-NextStep { $into = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds() % 30000; Start-Sleep -Milliseconds (30000 - $into + 200) }
function Invoke-Load([int] $Port, [string] $Expect, [double] $Rate = 0, [int] $Count = $Requests) {
    $arguments = @($loadGen, 'load', '--server', "127.0.0.1:$Port", '--secret', $secretText, '--users', $loadUsers, '--requests', $Count, '--in-flight', $InFlight, '--expect', $Expect)
    if ($Rate -gt 0) { $arguments += @('--rate', [Math]::Round($Rate, 1)) }
    $output = & dotnet @arguments
    if ($LASTEXITCODE -ne 0) { throw "Load generator failed: $output" }
    ($output | Where-Object { $_ -like 'RESULT *' }) -replace '^RESULT ', '' | ConvertFrom-Json
}

try {
    Write-Host "Building the module and the load generator"
    & dotnet pwsh (Join-Path $root 'build.ps1') Build | Out-Null
    & dotnet build (Join-Path $PSScriptRoot 'RasMfa.LoadGen/RasMfa.LoadGen.csproj') -c Release --nologo -v quiet -o (Join-Path $work 'loadgen') | Out-Null
    $script:loadGen = Join-Path $work 'loadgen/RasMfa.LoadGen.dll'

    Write-Host "Writing $Users users and their TOTP secrets"
    $userLines = [System.Collections.Generic.List[string]]::new(); $userLines.Add('UserName,Enabled')
    $tokenLines = [System.Collections.Generic.List[string]]::new(); $tokenLines.Add('Serial,Secret,Type,Digits,Period,UserName')
    $loadLines = [System.Collections.Generic.List[string]]::new(); $loadLines.Add('UserName,Secret')
    $radiusUsers = [System.Text.StringBuilder]::new()
    $random = [System.Security.Cryptography.RandomNumberGenerator]::Create()
    Import-Module (Join-Path $root 'out/RasMfa/RasMfa.psd1')
    for ($i = 0; $i -lt $Users; $i++) {
        $bytes = [byte[]]::new(20); $random.GetBytes($bytes)
        $base32 = [RasMfa.Engine.Tokens.OtpSecrets]::ToBase32($bytes)
        $name = "user$i"
        $userLines.Add("$name,True"); $tokenLines.Add("BENCH$i,$base32,TOTP,6,30,$name"); $loadLines.Add("$name,$base32")
        [void]$radiusUsers.Append("$name TOTP-Secret := `"$base32`"`n")
    }
    [System.IO.File]::WriteAllLines("$work/users.csv", $userLines)
    [System.IO.File]::WriteAllLines("$work/tokens.csv", $tokenLines)
    $script:loadUsers = "$work/load-users.csv"
    [System.IO.File]::WriteAllLines($loadUsers, $loadLines)

    # RasMfa, in its own process so that its CPU time and memory are its own.
    $rasmfaPort = Get-FreePort
    $serverScript = @"
`$env:RASMFA_DATABASE = '$work/rasmfa/rasmfa.db'
Import-Module '$root/out/RasMfa/RasMfa.psd1'
Import-RasMfaUser -Path '$work/users.csv' | Out-Null
Import-RasMfaOathToken -Path '$work/tokens.csv'
Add-RasMfaRadiusClient -Name loadgen -Address 127.0.0.1 -SharedSecret (ConvertTo-SecureString '$secretText' -AsPlainText -Force)
Start-RasMfaRadiusServer -Port $rasmfaPort -LocalAddress 127.0.0.1
'READY'
Start-Sleep -Seconds 3600
"@
    Set-Content "$work/rasmfa.ps1" $serverScript
    $pwsh = (Get-Process -Id $PID).Path
    [string[]] $pwshArguments = if ([System.IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { @((Join-Path $PSHOME 'pwsh.dll')) } else { @() }
    $rasmfa = Start-Process $pwsh -ArgumentList ($pwshArguments + @('-NoProfile', '-File', "$work/rasmfa.ps1")) -RedirectStandardOutput "$work/rasmfa.out" -RedirectStandardError "$work/rasmfa.err" -PassThru
    $processes.Add($rasmfa)

    # FreeRADIUS with files + totp: the users file holds the same secrets.
    $radiusPort = Get-FreePort
    $radiusDir = "$work/freeradius"
    New-Item -ItemType Directory -Path "$radiusDir/log", "$radiusDir/run" -Force | Out-Null
    Set-Content "$radiusDir/dictionary" ''
    [System.IO.File]::WriteAllText("$radiusDir/users", $radiusUsers.ToString())
    Set-Content "$radiusDir/radiusd.conf" @"
prefix = /usr
exec_prefix = /usr
sysconfdir = /etc
localstatedir = /var
sbindir = /usr/sbin
logdir = $radiusDir/log
raddbdir = $radiusDir
radacctdir = $radiusDir/log
name = freeradius
confdir = $radiusDir
run_dir = $radiusDir/run
db_dir = $radiusDir
libdir = /usr/lib/freeradius
pidfile = $radiusDir/run/freeradius.pid
max_request_time = 30
cleanup_delay = 5
max_requests = 65536
hostname_lookups = no
log {
    destination = stdout
}
security {
    max_attributes = 200
    reject_delay = 0
    status_server = no
}
thread pool {
    start_servers = 4
    max_servers = 32
    min_spare_servers = 2
    max_spare_servers = 8
    max_requests_per_server = 0
}
client loadgen {
    ipaddr = 127.0.0.1
    secret = $secretText
    require_message_authenticator = yes
}
modules {
    files {
        filename = $radiusDir/users
    }
    totp {
    }
}
server default {
    listen {
        type = auth
        ipaddr = 127.0.0.1
        port = $radiusPort
    }
    authorize {
        files
        if (&control:TOTP-Secret && &User-Password) {
            update request {
                &TOTP-Password := &User-Password
            }
            update control {
                &Auth-Type := totp
            }
        }
    }
    authenticate {
        Auth-Type totp {
            totp
        }
    }
}
"@
    $freeRadius = Start-Process (Get-Command freeradius).Source -ArgumentList @('-f', '-l', 'stdout', '-d', $radiusDir) -RedirectStandardOutput "$radiusDir/out.log" -RedirectStandardError "$radiusDir/err.log" -PassThru
    $processes.Add($freeRadius)

    $echoPort = Get-FreePort
    $echo = Start-Process dotnet -ArgumentList @($loadGen, 'echo', '--port', $echoPort, '--seconds', '3600') -RedirectStandardOutput "$work/echo.out" -PassThru
    $processes.Add($echo)

    Write-Host "Starting the servers"
    Wait-ForLine "$work/rasmfa.out" 'READY' 300 $rasmfa
    Wait-ForLine "$radiusDir/out.log" 'Ready to process requests' 60 $freeRadius
    Wait-ForLine "$work/echo.out" 'echo listening' 30 $echo

    $results = [ordered]@{}
    foreach ($target in @(
        @{ Name = 'RasMfa'; Port = $rasmfaPort; Process = $rasmfa; Expect = 'radius' },
        @{ Name = 'FreeRADIUS'; Port = $radiusPort; Process = $freeRadius; Expect = 'radius' },
        @{ Name = 'UDP echo'; Port = $echoPort; Process = $echo; Expect = 'echo' })) {
        Write-Host "Measuring $($target.Name)"
        Wait-NextStep
        $cpuBefore = Get-CpuSeconds $target.Process.Id
        $max = Invoke-Load -Port $target.Port -Expect $target.Expect
        $cpuUsed = (Get-CpuSeconds $target.Process.Id) - $cpuBefore
        Wait-NextStep
        $half = Invoke-Load -Port $target.Port -Expect $target.Expect -Rate ($max.answeredPerSecond / 2) -Count ([Math]::Min($Requests, [Math]::Max(100, [int]($max.answeredPerSecond / 2 * 10))))
        $results[$target.Name] = [pscustomobject]@{
            Server = $target.Name; Answered = $max.answered; Accepted = $max.accepted; Rejected = $max.rejected; Lost = $max.lost
            AnsweredPerSecond = [Math]::Round($max.answeredPerSecond); AcceptedPerSecond = [Math]::Round($max.acceptedPerSecond)
            CpuMicrosecondsPerAuth = [Math]::Round($cpuUsed * 1e6 / [Math]::Max(1, $max.answered), 1)
            HalfLoadP50Ms = $half.p50; HalfLoadP99Ms = $half.p99; HalfLoadLost = $half.lost; PeakMemoryMB = Get-PeakMegabytes $target.Process.Id
        }
    }
    "RasMfa benchmark: $Users users, $Requests code-only PAP logins per run, $InFlight in flight; $([Environment]::ProcessorCount) cores; $(Get-Date -Format 'yyyy-MM-dd')"
    $results.Values | Format-Table -AutoSize | Out-String -Width 200
    $r = $results['RasMfa']; $f = $results['FreeRADIUS']; $e = $results['UDP echo']
    "ratios: accepted/s RasMfa/FreeRADIUS {0:N2}, RasMfa/echo (answers/s) {1:N2}; CPU per auth RasMfa/FreeRADIUS {2:N2}" -f `
        ($r.AcceptedPerSecond / [Math]::Max(1, $f.AcceptedPerSecond)), ($r.AnsweredPerSecond / [Math]::Max(1, $e.AnsweredPerSecond)), ($r.CpuMicrosecondsPerAuth / [Math]::Max(0.1, $f.CpuMicrosecondsPerAuth))
}
finally {
    foreach ($process in $processes) { if (-not $process.HasExited) { Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue } }
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}
