<#
.SYNOPSIS
    Mutated RADIUS packets over UDP for -Minutes: the server must keep answering a valid login, and its resident memory
    must stay flat from the 2nd minute to the last.
.DESCRIPTION
    Builds the module and bench/RasMfa.LoadGen, enrols a probe user and -Users others with TOTP tokens through the
    module, and starts the listener (Start-RasMfaRadiusServer on the embedded SQLite store, default security settings)
    in a PowerShell process of its own, with one RADIUS client: 127.0.0.1, the address the packets come from, so that
    every packet is from a client that holds the shared secret. The load generator's 'mutate' mode then sends -Rate
    mutated requests a second (bit flips, Length field lies, attribute length lies, truncation, duplicated and removed
    attributes, random State, Message-Authenticator garbage, junk attributes; structural changes mostly re-signed so
    that they reach the MFA stages). At the end of each minute it logs the probe user in (username only, Access-Challenge,
    code with the State, Access-Accept) and reads the listener process's resident memory (VmRSS). It prints the memory
    at minute 2 and at the last minute and their ratio, and fails if a probe failed or the ratio exceeds 1 + -MaxGrowth.
    Loopback only; bounded by -Minutes; the listener is stopped at the end, on Ctrl+C or on failure.
.EXAMPLE
    dotnet pwsh ./bench/Invoke-UdpMutation.ps1 -Minutes 10
#>
param(
    [ValidateRange(2, 600)] [int] $Minutes = 10,
    [ValidateRange(1, 20000)] [int] $Rate = 500,
    [ValidateRange(1, 100000)] [int] $Users = 200,
    [ValidateRange(0.01, 10)] [double] $MaxGrowth = 0.10
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3
Import-Module (Join-Path $PSScriptRoot 'BenchmarkHelpers.psm1') -Force
$root = Split-Path $PSScriptRoot -Parent
$work = Join-Path ([System.IO.Path]::GetTempPath()) ("rasmfa-mutation-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory -Path $work | Out-Null
$secretText = 'mutation-shared-secret-0123456789'
$server = $null

try {
    Write-Host "Building the module and the load generator"
    & dotnet pwsh (Join-Path $root 'build.ps1') Build | Out-Null
    if ($LASTEXITCODE -ne 0) { throw 'build.ps1 Build failed.' }
    & dotnet build (Join-Path $PSScriptRoot 'RasMfa.LoadGen/RasMfa.LoadGen.csproj') -c Release --nologo -v quiet -o (Join-Path $work 'loadgen') | Out-Null
    if ($LASTEXITCODE -ne 0) { throw 'The load generator did not build.' }
    $loadGen = Join-Path $work 'loadgen/RasMfa.LoadGen.dll'
    Import-Module (Join-Path $root 'out/RasMfa/RasMfa.psd1')

    # The probe first: the load generator logs it in each minute and never uses its name in mutated traffic.
    $userLines = [System.Collections.Generic.List[string]]::new(); $userLines.Add('UserName,Enabled')
    $tokenLines = [System.Collections.Generic.List[string]]::new(); $tokenLines.Add('Serial,Secret,Type,Digits,Period,UserName')
    $loadLines = [System.Collections.Generic.List[string]]::new(); $loadLines.Add('UserName,Secret')
    $bytes = [byte[]]::new(20)
    foreach ($name in @('probe') + @(0..($Users - 1) | ForEach-Object { "user$_" })) {
        [System.Security.Cryptography.RandomNumberGenerator]::Fill($bytes)
        $base32 = (Get-EngineType Tokens.OtpSecrets)::ToBase32($bytes)
        $userLines.Add("$name,True"); $tokenLines.Add("MUT-$name,$base32,TOTP,6,30,$name"); $loadLines.Add("$name,$base32")
    }
    [System.IO.File]::WriteAllLines("$work/users.csv", $userLines)
    [System.IO.File]::WriteAllLines("$work/tokens.csv", $tokenLines)
    [System.IO.File]::WriteAllLines("$work/load-users.csv", $loadLines)

    $port = Get-FreePort
    Set-Content "$work/server.ps1" @"
`$env:RASMFA_DATABASE = '$work/rasmfa/rasmfa.db'
Import-Module '$root/out/RasMfa/RasMfa.psd1'
Import-RasMfaUser -Path '$work/users.csv' | Out-Null
Import-RasMfaOathToken -Path '$work/tokens.csv' | Out-Null
Add-RasMfaRadiusClient -Name mutator -Address 127.0.0.1 -SharedSecret (ConvertTo-SecureString '$secretText' -AsPlainText -Force)
Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1
'READY'
Start-Sleep -Seconds $(($Minutes + 10) * 60)
"@
    $pwsh = (Get-Process -Id $PID).Path
    [string[]] $pwshArguments = if ([System.IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { @((Join-Path $PSHOME 'pwsh.dll')) } else { @() }
    $server = Start-Process $pwsh -ArgumentList ($pwshArguments + @('-NoProfile', '-File', "$work/server.ps1")) -RedirectStandardOutput "$work/server.out" -RedirectStandardError "$work/server.err" -PassThru
    Wait-ForLine "$work/server.out" 'READY' 300 $server
    Write-Host "Listener started (process $($server.Id), port $port); sending $Rate mutated packets a second for $Minutes minutes"

    & dotnet $loadGen mutate --server "127.0.0.1:$port" --secret $secretText --users "$work/load-users.csv" --minutes $Minutes --rate $Rate `
        --server-pid $server.Id --max-growth $MaxGrowth
    $exitCode = $LASTEXITCODE
    if ($server.HasExited) { Write-Host "The listener's process exited:"; Get-Content "$work/server.err" -ErrorAction SilentlyContinue | Write-Host; $exitCode = 1 }
    "UDP mutation run, $(Get-Date -Format 'yyyy-MM-dd'): $Minutes minutes at $Rate packets/s, $([Environment]::ProcessorCount) cores"
    if ($exitCode -ne 0) { throw "The UDP mutation run failed (load generator exit code $exitCode)." }
}
finally {
    if ($server -and -not $server.HasExited) { Stop-Process -Id $server.Id -Force -ErrorAction SilentlyContinue }
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}
