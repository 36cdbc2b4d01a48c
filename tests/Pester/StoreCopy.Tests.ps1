# Copy-RasMfaStore as an admin runs it: a working store (a client, an enrolled user who has logged in) copied into a new
# SQLite file, which a listener then serves: the client's secret still signs what radclient accepts, and the code used
# before the copy is refused after it. The source's files never change.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $script:savedDatabase = $env:RASMFA_DATABASE
    $script:source = New-TestDatabasePath
    $script:root = Split-Path $source
    $script:port = Get-FreeUdpPort
    $script:secretText = 'store-copy-shared-secret-0123456789'
    $env:RASMFA_DATABASE = $source
    Add-RasMfaRadiusClient -Name ras -Address 127.0.0.1 -SharedSecret (ConvertTo-TestSecret $secretText)
    Set-RasMfaConfiguration -LockoutThreshold 4
    New-RasMfaUser -UserName alice | Out-Null
    $script:aliceSecret = (Register-RasMfaTotp -UserName alice).Secret

    function Send-Code([string] $Code) {
        Invoke-Radclient -Server "127.0.0.1:$port" -Command auth -Secret $secretText -Attributes @('User-Name = "alice"', "User-Password = `"$Code`"", 'Message-Authenticator = 0x00')
    }

    function Get-StoreFingerprint([string] $Database) {
        # The database, and its WAL where any write would go first (SQLite makes an empty one for any reader).
        @($Database, "$Database-wal", (Join-Path (Split-Path $Database) 'rasmfa.key'), (Join-Path (Split-Path $Database) 'rasmfa.entropy')) | ForEach-Object {
            if ((Test-Path $_) -and (Get-Item $_).Length -gt 0) { (Get-FileHash $_ -Algorithm SHA256).Hash } else { 'none' }
        }
    }

    # Alice logs in once on the source: a used TOTP step and an audit record to carry over.
    Wait-FreshTotpStep -Seconds 20
    $script:usedCode = Get-OathCode -Secret $aliceSecret
    Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1
    try { $script:firstLogin = Send-Code $usedCode } finally { Stop-RasMfaRadiusServer }
    Clear-StoreConnections
    $script:sourceBefore = Get-StoreFingerprint $source
}

AfterAll {
    Stop-RasMfaRadiusServer -ErrorAction SilentlyContinue
    Clear-StoreConnections
    Remove-Item $root -Recurse -Force -ErrorAction SilentlyContinue
    if ($null -ne $savedDatabase) { $env:RASMFA_DATABASE = $savedDatabase } else { Remove-Item Env:RASMFA_DATABASE -ErrorAction SilentlyContinue }
}

Describe 'Copy-RasMfaStore between SQLite files' {
    It 'logged alice in on the source (the state to carry)' {
        $firstLogin.Code | Should -Be 'Access-Accept' -Because $firstLogin.Output
    }

    It 'shows the rows under -WhatIf and creates nothing' {
        $destination = Join-Path $root 'whatif/rasmfa.db'
        # "What if:" goes to the host, not to a stream: read from a second process's output.
        $said = Invoke-SecondPowerShell "Import-Module '$env:RASMFA_MODULE'; Copy-RasMfaStore -SourcePath '$source' -DestinationPath '$destination' -WhatIf" | Out-String
        $said | Should -Match 'mfa_user: 1'
        $said | Should -Match 'radius_client: 1'
        Split-Path $destination | Should -Not -Exist
    }

    It 'copies everything into a new file, with a summary, and leaves the source as it was' {
        $script:copy = Join-Path $root 'copy/rasmfa.db'
        $summary = Copy-RasMfaStore -SourcePath $source -DestinationPath $copy -Confirm:$false
        $summary.SecretsResealed | Should -Be 2
        ($summary.Tables | Where-Object Table -eq 'otp_token').Rows | Should -Be 1
        ($summary.Tables | Where-Object Table -eq 'authentication_log').Rows | Should -Be 1
        $summary.UnreadableCopiedAsIs | Should -BeNullOrEmpty
        $summary.DestinationCleared | Should -BeFalse
        Clear-StoreConnections
        Get-StoreFingerprint $source | Should -Be $sourceBefore
    }

    It 'serves logins from the copy: the secret signs replies radclient accepts, the code used before is a replay' {
        $env:RASMFA_DATABASE = $copy
        try {
            (Get-RasMfaAuthenticationLog -UserName alice).Result | Should -Be 'Accept'
            Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1
            $replay = Send-Code $usedCode
            $replay.Code | Should -Be 'Access-Reject' -Because $replay.Output
            (Get-RasMfaAuthenticationLog -UserName alice -Last 1).Reason | Should -Be 'replayed code'
            $fresh = Send-Code (Get-OathCode -Secret $aliceSecret -StepOffset 1)
            $fresh.Code | Should -Be 'Access-Accept' -Because $fresh.Output
        }
        finally {
            Stop-RasMfaRadiusServer -ErrorAction SilentlyContinue
            $env:RASMFA_DATABASE = $source
        }
    }

    It 'refuses a destination that holds data, and replaces it whole with -Force' {
        { Copy-RasMfaStore -SourcePath $source -DestinationPath $copy -Confirm:$false } | Should -Throw -ErrorId 'StoreCopyDestinationNotEmpty,*'
        $summary = Copy-RasMfaStore -SourcePath $source -DestinationPath $copy -Force -Confirm:$false
        $summary.DestinationCleared | Should -BeTrue
        $env:RASMFA_DATABASE = $copy
        try { @(Get-RasMfaAuthenticationLog -UserName alice).Count | Should -Be 1 }
        finally { $env:RASMFA_DATABASE = $source }
    }

    It 'asks before -Force removes what the destination holds, and removes nothing where nobody can answer' {
        $env:RASMFA_DATABASE = $copy
        try {
            New-RasMfaUser -UserName extra | Out-Null
            Clear-StoreConnections
            { Invoke-SecondPowerShell "Import-Module '$env:RASMFA_MODULE'; Copy-RasMfaStore -SourcePath '$source' -DestinationPath '$copy' -Force" } | Should -Throw '*NonInteractive mode*'
            (Get-RasMfaUser -UserName extra).UserName | Should -Be 'extra'
        }
        finally { $env:RASMFA_DATABASE = $source }
    }

    It 'copies the selected store (RASMFA_DATABASE here) with -Source Selected' {
        $summary = Copy-RasMfaStore -Source Selected -DestinationPath (Join-Path $root 'selected/rasmfa.db') -Confirm:$false
        $summary.Source | Should -Be $source
    }

    It 'refuses a store copied onto itself' {
        { Copy-RasMfaStore -SourcePath $source -Destination Selected -Force -Confirm:$false } | Should -Throw -ErrorId 'StoreCopySameStore,*'
    }

    It 'refuses an end named twice or not at all, and a credential without a connection string' {
        { Copy-RasMfaStore -SourcePath $source -Source Selected -DestinationPath $copy } | Should -Throw -ErrorId 'StoreCopySourceAmbiguous,*'
        { Copy-RasMfaStore -SourcePath $source } | Should -Throw -ErrorId 'StoreCopyDestinationMissing,*'
        $credential = New-Object System.Management.Automation.PSCredential('rasmfa_app', (ConvertTo-TestSecret 'x'))
        { Copy-RasMfaStore -SourcePath $source -DestinationPath $copy -DestinationCredential $credential } | Should -Throw -ErrorId 'StoreCopyDestinationCredentialMismatch,*'
        { Copy-RasMfaStore -SourcePath $source -DestinationConnectionString 'Host=127.0.0.1;Database=rasmfa;Password=secret' -DestinationCredential $credential } |
            Should -Throw -ErrorId 'StoreConnectionStringHasCredential,*'
    }

    It 'refuses a source that does not exist, and creates nothing' {
        $missing = Join-Path $root 'missing/rasmfa.db'
        { Copy-RasMfaStore -SourcePath $missing -DestinationPath (Join-Path $root 'never/rasmfa.db') } | Should -Throw -ErrorId 'StoreNotFound,*'
        Split-Path $missing | Should -Not -Exist
        Join-Path $root 'never' | Should -Not -Exist
    }
}

# The same store moved to PostgreSQL, which this machine then uses through its machine-wide setting (RASMFA_CONFIG here),
# and back from it into a new SQLite file.
Describe 'Copy-RasMfaStore from SQLite to PostgreSQL and back' {
    BeforeAll {
        $script:pgDatabase = New-TestPostgreSqlDatabase
        $script:pgCredential = New-Object System.Management.Automation.PSCredential('postgres', (ConvertTo-TestSecret $pgDatabase.Cluster.Password))
        $script:pgConnection = "Host=127.0.0.1;Port=$($pgDatabase.Cluster.Port);Database=$($pgDatabase.Name)"
        $script:savedConfig = $env:RASMFA_CONFIG
        $env:RASMFA_CONFIG = Join-Path $root 'pg-config'
        # A code alice uses on the source just before the copy: still current after it, so its refusal is the copied used step's.
        $env:RASMFA_DATABASE = $source
        # The step of the code used in the file's BeforeAll is spent: wait for the next one.
        while ((Get-OathCode -Secret $aliceSecret) -eq $usedCode) { Start-Sleep -Milliseconds 500 }
        Wait-FreshTotpStep -Seconds 20
        $script:lastStep = [long][Math]::Floor([DateTimeOffset]::UtcNow.ToUnixTimeSeconds() / 30)
        $script:codeBeforeCopy = Get-OathCode -Secret $aliceSecret -Counter $lastStep
        Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1
        try { $script:loginBeforeCopy = Send-Code $codeBeforeCopy } finally { Stop-RasMfaRadiusServer }
        Clear-StoreConnections
    }

    AfterAll {
        Stop-RasMfaRadiusServer -ErrorAction SilentlyContinue
        Remove-TestPostgreSqlDatabase $pgDatabase
        if ($null -ne $savedConfig) { $env:RASMFA_CONFIG = $savedConfig } else { Remove-Item Env:RASMFA_CONFIG -ErrorAction SilentlyContinue }
        $env:RASMFA_DATABASE = $source
    }

    It 'copies the SQLite store into the PostgreSQL database, its secrets resealed with the new store''s key' {
        $loginBeforeCopy.Code | Should -Be 'Access-Accept' -Because $loginBeforeCopy.Output
        $summary = Copy-RasMfaStore -SourcePath $source -DestinationConnectionString $pgConnection -DestinationCredential $pgCredential -Confirm:$false
        $summary.SecretsResealed | Should -Be 2
        ($summary.Tables | Where-Object Table -eq 'otp_token').Rows | Should -Be 1
        $sealed = Invoke-TestPsql -Cluster $pgDatabase.Cluster -Database $pgDatabase.Name -Sql "SELECT DISTINCT get_byte(secret, 0) FROM radius_client UNION SELECT DISTINCT get_byte(secret, 0) FROM otp_token"
        # Sealed with the shared store's key (SealedSecretFormat.StoreKeyAesGcm = 4), not the source's key file's format.
        @($sealed) | Should -Be @('4')
        Join-Path $env:RASMFA_CONFIG 'keys' | Should -Exist
    }

    It 'serves logins from the PostgreSQL copy chosen machine-wide: the copied secret signs, the code used before the copy is a replay' {
        Remove-Item Env:RASMFA_DATABASE
        Set-RasMfaStore -PostgreSql -ConnectionString $pgConnection -Credential $pgCredential
        (Get-RasMfaStore).Kind | Should -Be 'PostgreSql'
        Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1
        try {
            $replay = Send-Code $codeBeforeCopy
            $replay.Code | Should -Be 'Access-Reject' -Because $replay.Output
            (Get-RasMfaAuthenticationLog -UserName alice -Last 1).Reason | Should -Be 'replayed code'
            $fresh = Send-Code (Get-OathCode -Secret $aliceSecret -Counter ($lastStep + 1))
            $fresh.Code | Should -Be 'Access-Accept' -Because $fresh.Output
        }
        finally { Stop-RasMfaRadiusServer }
    }

    It 'copies the PostgreSQL store back into a new SQLite file that opens everything' {
        $back = Join-Path $root 'back/rasmfa.db'
        $summary = Copy-RasMfaStore -Source Selected -DestinationPath $back -Confirm:$false
        $summary.SecretsResealed | Should -Be 2
        $env:RASMFA_DATABASE = $back
        (Get-RasMfaRadiusClient -Name ras).Unreadable | Should -BeNullOrEmpty
        (Get-RasMfaToken -UserName alice).Serial | Should -Not -BeNullOrEmpty
        @(Get-RasMfaAuthenticationLog -UserName alice | Where-Object Result -eq 'Accept').Count | Should -Be 3
        Clear-StoreConnections
    }
}
