# Review R3 (issue 12/13 hosting): a listener start that fails after the store opened but before the bind (here the
# configuration watcher's first load: a setting row this build cannot parse, as a newer server writes during a rolling
# upgrade of an active-active pair) must let go of the store, as a start that cannot bind does (ListenerStartFailure).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $script:savedDatabase = $env:RASMFA_DATABASE
    $script:savedConfig = $env:RASMFA_CONFIG
    Remove-Item Env:RASMFA_DATABASE -ErrorAction SilentlyContinue
    $script:root = Split-Path (New-TestDatabasePath)
    $env:RASMFA_CONFIG = $root
    $script:database = New-TestPostgreSqlDatabase
    $credential = New-Object System.Management.Automation.PSCredential('postgres', (ConvertTo-TestSecret $database.Cluster.Password))
    Set-RasMfaStore -PostgreSql -ConnectionString "Host=127.0.0.1;Port=$($database.Cluster.Port);Database=$($database.Name)" -Credential $credential

    function Get-StoreConnectionCount {
        [int]"$(Invoke-TestPsql -Cluster $database.Cluster -Database postgres -Sql "SELECT count(*) FROM pg_stat_activity WHERE datname = '$($database.Name)' AND pid <> pg_backend_pid()")".Trim()
    }
}

AfterAll {
    Stop-RasMfaRadiusServer -ErrorAction SilentlyContinue
    Remove-TestPostgreSqlDatabase $database
    Remove-Item $root -Recurse -Force -ErrorAction SilentlyContinue
    if ($null -ne $savedDatabase) { $env:RASMFA_DATABASE = $savedDatabase } else { Remove-Item Env:RASMFA_DATABASE -ErrorAction SilentlyContinue }
    if ($null -ne $savedConfig) { $env:RASMFA_CONFIG = $savedConfig } else { Remove-Item Env:RASMFA_CONFIG -ErrorAction SilentlyContinue }
}

Describe 'Start-RasMfaRadiusServer when the configuration cannot be loaded after the store opened' {
    It 'fails each time and leaves no connection to the store open' {
        # The schema made (and the store let go of) by one listener started and stopped.
        $probe = New-Object System.Net.Sockets.UdpClient (New-Object System.Net.IPEndPoint ([System.Net.IPAddress]::Loopback, 0))
        $port = $probe.Client.LocalEndPoint.Port
        $probe.Dispose()
        Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1 | Out-Null
        Stop-RasMfaRadiusServer | Out-Null
        Get-StoreConnectionCount | Should -Be 0
        # A value a newer server's build knows (or a DBA's typo): this build's watcher cannot read it.
        Invoke-TestPsql -Cluster $database.Cluster -Database $database.Name -Sql "INSERT INTO setting (name, value) VALUES ('StoreUnavailableAnswer', 'AnswerOfANewerVersion') ON CONFLICT (name) DO UPDATE SET value = excluded.value" | Out-Null
        1..3 | ForEach-Object { { Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1 } | Should -Throw }
        Get-RasMfaRadiusServer -ErrorAction SilentlyContinue | Where-Object Running | Should -BeNullOrEmpty
        Get-StoreConnectionCount | Should -Be 0
        # The admin's read says which setting, as an error with an id (not a raw ArgumentException).
        { Get-RasMfaConfiguration -ErrorAction Stop } | Should -Throw -ErrorId 'SettingUnreadable,*'
    }
}

Describe 'The RasMfa service when the configuration cannot be loaded after the store opened' {
    It 'exits with the documented code for a setting (2), not an unhandled exception (134, SIGABRT)' {
        # Needs the setting row the Describe above wrote (a value this build cannot parse).
        $service = Get-ChildItem (Join-Path (Split-Path $env:RASMFA_MODULE) 'service') -Filter RasMfa.Service.dll -Recurse | Select-Object -First 1
        $probe = New-Object System.Net.Sockets.UdpClient (New-Object System.Net.IPEndPoint ([System.Net.IPAddress]::Loopback, 0))
        $port = $probe.Client.LocalEndPoint.Port
        $probe.Dispose()
        $process = Start-Process dotnet -ArgumentList $service.FullName, '--port', $port, '--address', '127.0.0.1' -PassThru `
            -RedirectStandardOutput (Join-Path $root 'service.out') -RedirectStandardError (Join-Path $root 'service.err')
        $process.WaitForExit(60000) | Should -BeTrue
        # The start failed for the setting, not for anything else (the store was reached).
        (Get-Content (Join-Path $root 'service.out'), (Join-Path $root 'service.err') -Raw) -join '' | Should -Match 'AnswerOfANewerVersion'
        # Fails: 134, the runtime's abort on an unhandled ArgumentException from the settings' first load.
        $process.ExitCode | Should -Be 2   # ExitCodes.InvalidSetting: a stored setting this version cannot read
    }
}
