# Many logins at once, from the benchmark's load generator (bench/RasMfa.LoadGen): every code is accepted exactly once,
# every decision is audited, two-round logins complete, and many challenges can be pending together.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $env:RASMFA_DATABASE = New-TestDatabasePath
    $script:folder = Split-Path $env:RASMFA_DATABASE
    $script:port = Get-FreeUdpPort
    $script:secretText = 'load-test-shared-secret-0123456789'
    $script:perGroup = 300
    $root = Join-Path $PSScriptRoot '../..'
    $output = & dotnet build (Join-Path $root 'bench/RasMfa.LoadGen/RasMfa.LoadGen.csproj') -c Release --nologo -v quiet -o "$folder/loadgen" 2>&1
    if ($LASTEXITCODE -ne 0) { throw "Building the load generator failed: $output" }

    # Four groups of users, one per test, so one test's used codes never meet another's replay guard.
    $users = [System.Collections.Generic.List[string]]::new(); $users.Add('UserName')
    $tokens = [System.Collections.Generic.List[string]]::new(); $tokens.Add('Serial,Secret,Type,UserName')
    $bytes = [byte[]]::new(20)
    foreach ($group in 0..3) {
        $load = [System.Collections.Generic.List[string]]::new(); $load.Add('UserName,Secret')
        for ($i = 0; $i -lt $perGroup; $i++) {
            [System.Security.Cryptography.RandomNumberGenerator]::Fill($bytes)
            $secret = (Get-EngineType Tokens.OtpSecrets)::ToBase32($bytes)
            $name = "load$group-$i"
            $users.Add($name); $tokens.Add("L$group-$i,$secret,TOTP,$name"); $load.Add("$name,$secret")
        }
        [System.IO.File]::WriteAllLines("$folder/group$group.csv", $load)
    }
    [System.IO.File]::WriteAllLines("$folder/users.csv", $users)
    [System.IO.File]::WriteAllLines("$folder/tokens.csv", $tokens)
    Import-RasMfaUser -Path "$folder/users.csv" | Out-Null
    Import-RasMfaOathToken -Path "$folder/tokens.csv" | Out-Null
    Add-RasMfaRadiusClient -Name loadgen -Address 127.0.0.1 -SharedSecret (ConvertTo-TestSecret $secretText)
    Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1

    function Invoke-LoadGenerator([int] $Group, [string[]] $Options = @()) {
        $arguments = @("$folder/loadgen/RasMfa.LoadGen.dll", 'load', '--server', "127.0.0.1:$port", '--secret', $secretText,
            '--users', "$folder/group$Group.csv", '--requests', $perGroup, '--in-flight', 64) + $Options
        $lines = & dotnet @arguments
        if ($LASTEXITCODE -ne 0) { throw "The load generator failed: $lines" }
        $result = ($lines | Where-Object { $_ -like 'RESULT *' }) -replace '^RESULT ', '' | ConvertFrom-Json
        $pending = $lines | Where-Object { $_ -like 'PENDING *' }
        if ($pending) { $result | Add-Member Pending (($pending -replace '^PENDING ', '') | ConvertFrom-Json) }
        $result | Add-Member Text ($lines -join "`n") -PassThru
    }

    function Get-Decisions([int] $Group) { @(Get-RasMfaAuthenticationLog -UserName "load$Group-*") }
}

AfterAll {
    Stop-RasMfaRadiusServer -ErrorAction SilentlyContinue
    Clear-StoreConnections
    Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:RASMFA_DATABASE
}

Describe 'Logins at load' {
    It 'accepts each of 300 simultaneous codes once, rejects every copy sent again, and audits all 600 decisions' {
        Wait-FreshTotpStep -Seconds 15
        $first = Invoke-LoadGenerator -Group 0
        $again = Invoke-LoadGenerator -Group 0
        $first.accepted | Should -Be $perGroup -Because $first.Text
        $first.lost | Should -Be 0
        $again.accepted | Should -Be 0 -Because $again.Text
        $again.rejected | Should -Be $perGroup
        $decisions = Get-Decisions 0
        @($decisions | Where-Object Result -eq 'Accept').Count | Should -Be $perGroup
        @($decisions | Where-Object Reason -eq 'replayed code').Count | Should -Be $perGroup
    }

    It 'completes 300 two-round logins (empty password, Access-Challenge, code with the State)' {
        Wait-FreshTotpStep -Seconds 10
        $result = Invoke-LoadGenerator -Group 1 -Options @('--flow', 'challenge')
        $result.challenged | Should -Be $perGroup -Because $result.Text
        $result.accepted | Should -Be $perGroup
        @(Get-Decisions 1 | Where-Object Result -eq 'Challenge').Count | Should -Be $perGroup
    }

    It 'holds 300 challenges open at once and then accepts every one, without a thread per challenge' {
        Wait-FreshTotpStep -Seconds 10
        $result = Invoke-LoadGenerator -Group 2 -Options @('--hold-challenges', '--server-pid', $PID)
        $result.Pending.opened | Should -Be $perGroup -Because $result.Text
        $result.accepted | Should -Be $perGroup
        ($result.Pending.heldThreads - $result.Pending.beforeThreads) | Should -BeLessThan 20
    }

    It 'refuses a State answered from a user other than the one it was issued to, under load too' {
        # The challenge flow of group 3, but every second round names another user: each must be refused.
        Wait-FreshTotpStep -Seconds 10
        $held = Invoke-LoadGenerator -Group 3 -Options @('--hold-challenges', '--server-pid', $PID, '--swap-users')
        $held.Pending.opened | Should -Be $perGroup -Because $held.Text
        $held.accepted | Should -Be 0
        $held.rejected | Should -Be $perGroup
        @(Get-Decisions 3 | Where-Object Reason -eq 'state of another user or client').Count | Should -Be $perGroup
    }
}
