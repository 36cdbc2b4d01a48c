# A burst of 2,000 logins sent at once (issue 11 item 7): the socket's receive buffer holds them until they are read, so
# every one is answered and the kernel drops none. Driven by the benchmark's load generator (bench/RasMfa.LoadGen).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $env:RASMFA_DATABASE = New-TestDatabasePath
    $script:folder = Split-Path $env:RASMFA_DATABASE
    $script:port = Get-FreeUdpPort
    $script:secretText = 'burst-test-shared-secret-0123456789'
    $script:logins = 2000
    $root = Join-Path $PSScriptRoot '../..'
    $output = & dotnet build (Join-Path $root 'bench/RasMfa.LoadGen/RasMfa.LoadGen.csproj') -c Release --nologo -v quiet -o "$folder/loadgen" 2>&1
    if ($LASTEXITCODE -ne 0) { throw "Building the load generator failed: $output" }

    $users = [System.Collections.Generic.List[string]]::new(); $users.Add('UserName')
    $tokens = [System.Collections.Generic.List[string]]::new(); $tokens.Add('Serial,Secret,Type,UserName')
    $load = [System.Collections.Generic.List[string]]::new(); $load.Add('UserName,Secret')
    $bytes = [byte[]]::new(20)
    for ($i = 0; $i -lt $logins; $i++) {
        [System.Security.Cryptography.RandomNumberGenerator]::Fill($bytes)
        $secret = (Get-EngineType Tokens.OtpSecrets)::ToBase32($bytes)
        $users.Add("burst$i"); $tokens.Add("B$i,$secret,TOTP,burst$i"); $load.Add("burst$i,$secret")
    }
    [System.IO.File]::WriteAllLines("$folder/users.csv", $users)
    [System.IO.File]::WriteAllLines("$folder/tokens.csv", $tokens)
    [System.IO.File]::WriteAllLines("$folder/load.csv", $load)
    Import-RasMfaUser -Path "$folder/users.csv" | Out-Null
    Import-RasMfaOathToken -Path "$folder/tokens.csv" | Out-Null
    Add-RasMfaRadiusClient -Name burst -Address 127.0.0.1 -SharedSecret (ConvertTo-TestSecret $secretText)
    Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1
}

AfterAll {
    Stop-RasMfaRadiusServer -ErrorAction SilentlyContinue
    Clear-StoreConnections
    Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:RASMFA_DATABASE
}

Describe 'A burst of simultaneous logins' {
    It 'answers 2,000 logins sent at once, every one, with no request dropped by the kernel' {
        $status = Get-SessionListenerStatus
        if ($IsLinux) { $status.KernelDrops | Should -Be 0 } else { $status.KernelDrops | Should -BeNullOrEmpty }
        Wait-FreshTotpStep -Seconds 15
        # 2,000 in flight over 10 sockets: the generator sends them all before the first answer is read. No retransmissions:
        # a request lost anywhere counts as lost after 10 s.
        $lines = & dotnet "$folder/loadgen/RasMfa.LoadGen.dll" load --server "127.0.0.1:$port" --secret $secretText --users "$folder/load.csv" `
            --requests $logins --in-flight $logins --sockets 10 --timeout-ms 10000
        $LASTEXITCODE | Should -Be 0 -Because ($lines -join "`n")
        $result = ($lines | Where-Object { $_ -like 'RESULT *' }) -replace '^RESULT ', '' | ConvertFrom-Json
        $after = Get-SessionListenerStatus
        $result.lost | Should -Be 0 -Because ($lines -join "`n")
        $result.accepted | Should -Be $logins -Because ($lines -join "`n")
        if ($IsLinux) { $after.KernelDrops | Should -Be 0 -Because "the receive buffer ($($after.ReceiveBufferBytes) octets) must hold the whole burst" }
        $after.Counters.DroppedByReason['InFlightLimit'] | Should -Be 0
        $after.Counters.Accepted | Should -Be $logins
    }
}
