# A listener that cannot bind its port lets go of the store it opened (found while building the service host): on a
# PostgreSQL store every failed Start-RasMfaRadiusServer in a session used to leave a connection pool open.
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
        [int]"$(Invoke-TestPsql -Cluster $database.Cluster -Database postgres -Sql "SELECT count(*) FROM pg_stat_activity WHERE datname = '$($database.Name)'")".Trim()
    }
}

AfterAll {
    Stop-RasMfaRadiusServer -ErrorAction SilentlyContinue
    Remove-TestPostgreSqlDatabase $database
    Remove-Item $root -Recurse -Force -ErrorAction SilentlyContinue
    if ($null -ne $savedDatabase) { $env:RASMFA_DATABASE = $savedDatabase } else { Remove-Item Env:RASMFA_DATABASE -ErrorAction SilentlyContinue }
    if ($null -ne $savedConfig) { $env:RASMFA_CONFIG = $savedConfig } else { Remove-Item Env:RASMFA_CONFIG -ErrorAction SilentlyContinue }
}

Describe 'Start-RasMfaRadiusServer on a port already taken' {
    It 'fails each time and leaves no connection to the store open' {
        $taken = New-Object System.Net.Sockets.UdpClient (New-Object System.Net.IPEndPoint ([System.Net.IPAddress]::Loopback, 0))
        try {
            $port = $taken.Client.LocalEndPoint.Port
            1..3 | ForEach-Object { { Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1 } | Should -Throw }
        }
        finally { $taken.Dispose() }
        (Get-SessionListenerStatus).Running | Should -BeFalse
        Get-StoreConnectionCount | Should -Be 0
    }
}
