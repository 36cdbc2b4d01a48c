# Administrative paths on a shared PostgreSQL store (issue 12's known limits): what an admin sees when another server's
# write crosses theirs, and when this machine's clock differs from the store's. The other server's write is a psql session
# that starts its transaction, waits (inside the database) until this session waits on it, and commits: a race run in a
# fixed order. The store's clock is made to differ by a schema that shadows clock_timestamp() on the store's search_path.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $script:savedDatabase = $env:RASMFA_DATABASE
    $script:savedConfig = $env:RASMFA_CONFIG
    Remove-Item Env:RASMFA_DATABASE -ErrorAction SilentlyContinue
    $script:root = Split-Path (New-TestDatabasePath)
    $env:RASMFA_CONFIG = $root
    $script:database = New-TestPostgreSqlDatabase
    # The store's clock runs ten minutes behind this machine's: listeners time locks by it.
    Invoke-TestPsql -Cluster $database.Cluster -Database $database.Name -Sql (
        'CREATE SCHEMA skew; CREATE FUNCTION skew.clock_timestamp() RETURNS timestamptz LANGUAGE sql AS ' +
        '$$ SELECT pg_catalog.clock_timestamp() - interval ''10 minutes'' $$') | Out-Null
    $credential = New-Object System.Management.Automation.PSCredential('postgres', (ConvertTo-TestSecret $database.Cluster.Password))
    $connection = "Host=127.0.0.1;Port=$($database.Cluster.Port);Database=$($database.Name);Options=-c search_path=public,skew,pg_catalog"
    Set-RasMfaStore -PostgreSql -ConnectionString $connection -Credential $credential
    # The first open makes the schema (and the store's key), before any crossing write names its tables.
    Get-RasMfaRadiusClient | Should -BeNullOrEmpty

    function Invoke-StoreSql([string] $Sql) { Invoke-TestPsql -Cluster $database.Cluster -Database $database.Name -Sql $Sql }

    <#
        Another server's write: $Sql in a transaction of its own (psql in the background), left open until a session of
        this database waits for a lock (the write it crosses), then committed. Returns the psql process.
    #>
    function Start-CrossingWrite([string] $Sql) {
        $script:crossing = [guid]::NewGuid().ToString('N')
        $waitForOther = 'DO $$ BEGIN FOR i IN 1..600 LOOP EXIT WHEN EXISTS (SELECT 1 FROM pg_locks WHERE NOT granted AND pid <> pg_backend_pid()); ' +
            'PERFORM pg_sleep(0.05); END LOOP; END $$'
        $script_ = Join-Path $root "crossing-$crossing.sql"
        Set-Content -Path $script_ -Value "BEGIN;`n$Sql;`n$waitForOther;`nCOMMIT;"
        $env:PGPASSWORD = $database.Cluster.Password
        $env:PGAPPNAME = "crossing-$crossing"
        try {
            $process = Start-Process psql -ArgumentList @('-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', $database.Cluster.Port, '-U', 'postgres',
                '-d', $database.Name, '-f', $script_) -RedirectStandardOutput "$script_.out" -RedirectStandardError "$script_.err" -PassThru
        }
        finally { Remove-Item Env:PGPASSWORD, Env:PGAPPNAME -ErrorAction SilentlyContinue }
        # Its write is made once it waits for this session in the DO loop.
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while (-not (Invoke-StoreSql "SELECT 1 FROM pg_stat_activity WHERE application_name = 'crossing-$crossing' AND query LIKE 'DO %'")) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "The crossing write did not start: $(Get-Content "$script_.err" -Raw)" }
            Start-Sleep -Milliseconds 50
        }
        $process
    }
}

AfterAll {
    Remove-TestPostgreSqlDatabase $database
    Remove-Item $root -Recurse -Force -ErrorAction SilentlyContinue
    if ($null -ne $savedDatabase) { $env:RASMFA_DATABASE = $savedDatabase } else { Remove-Item Env:RASMFA_DATABASE -ErrorAction SilentlyContinue }
    if ($null -ne $savedConfig) { $env:RASMFA_CONFIG = $savedConfig } else { Remove-Item Env:RASMFA_CONFIG -ErrorAction SilentlyContinue }
}

Describe 'An admin write crossed by another server''s' {
    It 'refuses Add-RasMfaRadiusClient with DuplicateRadiusClientName when another server adds the name first, as SQLite does' {
        $other = Start-CrossingWrite ("INSERT INTO radius_client (name, address, secret, require_message_authenticator, limit_proxy_state, created_utc, modified_utc) " +
            "VALUES ('raced', '10.9.9.9', '\x00'::bytea, 1, 0, '2026-01-01T00:00:00.0000000Z', '2026-01-01T00:00:00.0000000Z')")
        $failure = $null
        try { Add-RasMfaRadiusClient -Name raced -Address 10.1.1.1 -SharedSecret (ConvertTo-TestSecret 'raced-client-shared-secret-0123') -ErrorAction Stop } catch { $failure = $_ }
        $other.WaitForExit(30000) | Should -BeTrue
        $failure | Should -Not -BeNullOrEmpty
        $failure.FullyQualifiedErrorId | Should -BeLike 'DuplicateRadiusClientName,*'
        $failure.CategoryInfo.Category | Should -Be 'ResourceExists'
    }

    It 'refuses Register-RasMfaTotp with RasMfaUserNotFound when another server removes the user meanwhile (was DuplicateTokenSerial)' {
        New-RasMfaUser -UserName carol | Out-Null
        $other = Start-CrossingWrite "DELETE FROM mfa_user WHERE user_name = 'carol'"
        $failure = $null
        try { Register-RasMfaTotp -UserName carol -ErrorAction Stop | Out-Null } catch { $failure = $_ }
        $other.WaitForExit(30000) | Should -BeTrue
        $failure | Should -Not -BeNullOrEmpty
        $failure.FullyQualifiedErrorId | Should -BeLike 'RasMfaUserNotFound,*'
        Get-RasMfaToken | Should -BeNullOrEmpty
    }
}

Describe 'A user''s lock as Get-RasMfaUser shows it, when this machine''s clock is ahead of the store''s' {
    It 'shows the user locked while listeners (timing by the store''s clock) still refuse them' {
        New-RasMfaUser -UserName dave | Out-Null
        # Locked until five minutes ago by this machine's clock: five minutes from now by the store's.
        $until = [DateTime]::UtcNow.AddMinutes(-5).ToString('o', [Globalization.CultureInfo]::InvariantCulture)
        Invoke-StoreSql "UPDATE mfa_user SET failed_attempts = 10, locked_until_utc = '$until' WHERE user_name = 'dave'" | Out-Null
        $shown = Get-RasMfaUser -UserName dave
        $shown.Locked | Should -BeTrue
        $shown.LockedUntil | Should -Not -BeNullOrEmpty
        (Unlock-RasMfaUser -UserName dave -Confirm:$false -PassThru).Locked | Should -BeFalse
    }
}

Describe 'A token resynchronised by Sync-RasMfaToken, when this machine''s clock is ahead of the store''s' {
    It 'records the drift from the store''s clock, which listeners time codes by (was measured from this machine''s)' {
        Set-RasMfaConfiguration -TotpMaxDriftSteps 30
        New-RasMfaUser -UserName erin | Out-Null
        $registered = Register-RasMfaTotp -UserName erin
        # Two consecutive codes as a phone shows them now: twenty steps (ten minutes) ahead of the store's clock.
        $step = [long][Math]::Floor([DateTimeOffset]::UtcNow.ToUnixTimeSeconds() / 30)
        $synced = Sync-RasMfaToken -Serial $registered.Serial -FirstCode (Get-OathCode -Secret $registered.Secret -Counter $step) `
            -SecondCode (Get-OathCode -Secret $registered.Secret -Counter ($step + 1)) -Confirm:$false
        $synced.DriftSteps | Should -BeIn 20, 21, 22
    }
}
