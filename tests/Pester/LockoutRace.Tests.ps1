# Lockout cannot be outrun by sending many codes at once, even split between two servers: two listeners in two
# PowerShell processes on one store each get 128 wrong codes for the same user at the same moment, from the
# benchmark's load generator; only the lockout threshold's worth are decided on their code, the rest refused as locked.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $env:RASMFA_DATABASE = New-TestDatabasePath
    $script:folder = Split-Path $env:RASMFA_DATABASE
    $script:secretText = 'lockout-race-shared-secret-0123456789'
    $script:perServer = 128
    $root = Join-Path $PSScriptRoot '../..'
    $output = & dotnet build (Join-Path $root 'bench/RasMfa.LoadGen/RasMfa.LoadGen.csproj') -c Release --nologo -v quiet -o "$folder/loadgen" 2>&1
    if ($LASTEXITCODE -ne 0) { throw "Building the load generator failed: $output" }

    New-RasMfaUser -UserName racer | Out-Null
    $secret = (Register-RasMfaTotp -UserName racer).Secret
    # The same user on every line: each request is one more attempt for racer.
    [System.IO.File]::WriteAllLines("$folder/racer.csv", @('UserName,Secret') + @(1..$perServer | ForEach-Object { "racer,$secret" }))
    Add-RasMfaRadiusClient -Name loadgen -Address 127.0.0.1 -SharedSecret (ConvertTo-TestSecret $secretText)
    Set-RasMfaConfiguration -LockoutThreshold 10

    $script:firstPort = Get-FreeUdpPort
    Start-RasMfaRadiusServer -Port $firstPort -LocalAddress 127.0.0.1

    # The second server: another process, the same store file.
    $script:secondPort = Get-FreeUdpPort
    $script:second = Start-ListenerProcess -Port $secondPort -Database $env:RASMFA_DATABASE -Folder "$folder/second"
}

AfterAll {
    Stop-ListenerProcess $second
    Stop-RasMfaRadiusServer -ErrorAction SilentlyContinue
    Clear-StoreConnections
    Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:RASMFA_DATABASE
}

Describe 'Lockout under many codes at once' {
    It 'decides only the threshold of 256 wrong codes sent at once to two servers on one store, and refuses the rest as locked' {
        $generators = foreach ($port in $firstPort, $secondPort) {
            $arguments = @("$folder/loadgen/RasMfa.LoadGen.dll", 'load', '--server', "127.0.0.1:$port", '--secret', $secretText,
                '--users', "$folder/racer.csv", '--requests', $perServer, '--in-flight', $perServer, '--code', 'wrong', '--timeout-ms', 10000)
            Start-Process dotnet -ArgumentList $arguments -RedirectStandardOutput "$folder/load-$port.out" -RedirectStandardError "$folder/load-$port.err" -PassThru
        }
        foreach ($generator in $generators) { $generator.WaitForExit(120000) | Should -BeTrue }
        $results = foreach ($port in $firstPort, $secondPort) {
            (Get-Content "$folder/load-$port.out" | Where-Object { $_ -like 'RESULT *' }) -replace '^RESULT ', '' | ConvertFrom-Json
        }
        ($results | Measure-Object rejected -Sum).Sum | Should -Be (2 * $perServer) -Because (Get-Content "$folder/load-*.out" -Raw)
        ($results | Measure-Object lost -Sum).Sum | Should -Be 0

        $decisions = @(Get-RasMfaAuthenticationLog -UserName racer)
        $decisions.Count | Should -Be (2 * $perServer)
        @($decisions | Where-Object Reason -ne 'locked').Count | Should -Be 10 -Because ($decisions | Group-Object Reason | Out-String)
        @($decisions | Where-Object Reason -eq 'wrong code, user now locked').Count | Should -Be 1
        $racer = Get-RasMfaUser -UserName racer
        $racer.Locked | Should -BeTrue
        $racer.FailedAttempts | Should -Be 10
    }
}
