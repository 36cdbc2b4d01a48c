# Choosing the store machine-wide as an admin does: Set-RasMfaStore writes the setting, Get-RasMfaStore and every session
# (this one, another process) follow it, RASMFA_DATABASE still wins. RASMFA_CONFIG points the setting at a temporary folder.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../../tools/EngineTypes.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    # Other test files set these in their own scope; this one needs RASMFA_DATABASE unset, and puts both back at the end.
    $script:savedDatabase = $env:RASMFA_DATABASE
    $script:savedConfig = $env:RASMFA_CONFIG
    Remove-Item Env:RASMFA_DATABASE -ErrorAction SilentlyContinue
    $script:root = Split-Path (New-TestDatabasePath)
    $env:RASMFA_CONFIG = Join-Path $root 'config'
    $script:settingFile = Join-Path $env:RASMFA_CONFIG 'store.json'
    $script:password = 'Pester-Store-Passw0rd'
    $script:credential = New-Object System.Management.Automation.PSCredential('rasmfa_app', (ConvertTo-TestSecret $password))
}

AfterAll {
    Clear-StoreConnections
    Remove-Item $root -Recurse -Force -ErrorAction SilentlyContinue
    if ($null -ne $savedDatabase) { $env:RASMFA_DATABASE = $savedDatabase } else { Remove-Item Env:RASMFA_DATABASE -ErrorAction SilentlyContinue }
    if ($null -ne $savedConfig) { $env:RASMFA_CONFIG = $savedConfig } else { Remove-Item Env:RASMFA_CONFIG -ErrorAction SilentlyContinue }
}

Describe 'Get-RasMfaStore and Set-RasMfaStore -Sqlite' {
    It 'shows the built-in store when nothing chooses one, and where the setting would be kept' {
        $store = Get-RasMfaStore
        $store.Kind | Should -Be 'Sqlite'
        $store.Source | Should -Be 'Default'
        $store.SettingFile | Should -Be $settingFile
    }

    It 'writes nothing under -WhatIf' {
        Set-RasMfaStore -Sqlite -Path (Join-Path $root 'shared/rasmfa.db') -WhatIf
        $settingFile | Should -Not -Exist
        (Get-RasMfaStore).Source | Should -Be 'Default'
    }

    It 'refuses a relative path with StorePathNotFull' {
        { Set-RasMfaStore -Sqlite -Path 'rasmfa.db' } | Should -Throw -ErrorId 'StorePathNotFull,*'
        $settingFile | Should -Not -Exist
    }

    It 'makes this session open the SQLite file it names: a client added lands there' {
        $database = Join-Path $root 'shared/rasmfa.db'
        $written = Set-RasMfaStore -Sqlite -Path $database -PassThru
        $written.Source | Should -Be 'MachineSetting'
        $shown = Get-RasMfaStore
        $shown.Kind | Should -Be 'Sqlite'
        $shown.Location | Should -Be $database
        $shown.Source | Should -Be 'MachineSetting'

        Add-RasMfaRadiusClient -Name RAS01 -Address 10.0.0.21 -SharedSecret (ConvertTo-TestSecret 'a-shared-secret-of-good-length')
        $database | Should -Exist
        (Get-RasMfaRadiusClient -Name RAS01).Address | Should -Be '10.0.0.21'
    }

    It 'is followed by another PowerShell process, as the service would follow it' {
        $location = Invoke-SecondPowerShell "Import-Module '$env:RASMFA_MODULE'; (Get-RasMfaStore).Location; (Get-RasMfaRadiusClient).Name"
        $location | Should -Be @((Join-Path $root 'shared/rasmfa.db'), 'RAS01')
    }

    It 'warns that RASMFA_DATABASE wins while it is set in the session, and it does win' {
        $env:RASMFA_DATABASE = Join-Path $root 'mine/rasmfa.db'
        try {
            Set-RasMfaStore -Sqlite -Path (Join-Path $root 'other/rasmfa.db') -WarningVariable warnings -WarningAction SilentlyContinue
            ($warnings -join ' ') | Should -Match 'RASMFA_DATABASE is set in this session'
            $shown = Get-RasMfaStore
            $shown.Source | Should -Be 'Environment'
            $shown.Location | Should -Be (Join-Path $root 'mine/rasmfa.db')
        }
        finally { Remove-Item Env:RASMFA_DATABASE }
        (Get-RasMfaStore).Location | Should -Be (Join-Path $root 'other/rasmfa.db')
    }

    It 'goes back to the built-in store with -Sqlite alone' {
        $result = Set-RasMfaStore -Sqlite -PassThru
        $result.Source | Should -Be 'Default'
        $settingFile | Should -Not -Exist
        (Get-RasMfaStore).Source | Should -Be 'Default'
    }
}

Describe 'Set-RasMfaStore -PostgreSql' {
    It 'refuses a connection string that carries a password, and shows nothing of it' {
        $failure = $null
        try { Set-RasMfaStore -PostgreSql -ConnectionString 'Host=db1;Password=in-clear-secret' -Credential $credential } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike 'StoreConnectionStringHasCredential,*'
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure.Exception.Message | Should -Not -Match 'in-clear-secret'
        $settingFile | Should -Not -Exist
    }

    It 'refuses a connection string Npgsql cannot read' {
        { Set-RasMfaStore -PostgreSql -ConnectionString 'Hots=db1' -Credential $credential } | Should -Throw -ErrorId 'StoreConnectionStringInvalid,*'
    }

    It 'keeps several hosts and the user, with the password sealed in the file and shown nowhere' {
        $connection = 'Host=127.0.0.1:1,127.0.0.2:1;Database=rasmfa;Target Session Attributes=primary'
        Set-RasMfaStore -PostgreSql -ConnectionString $connection -Credential $credential
        $shown = Get-RasMfaStore
        $shown.Kind | Should -Be 'PostgreSql'
        $shown.Source | Should -Be 'MachineSetting'
        $shown.UserName | Should -Be 'rasmfa_app'
        $shown.Location | Should -Match 'Host=127.0.0.1:1,127.0.0.2:1'
        $shown.Location | Should -Match 'Target Session Attributes=primary'
        ($shown | Format-List * | Out-String) | Should -Not -Match $password
        Get-Content $settingFile -Raw | Should -Not -Match $password
    }

    It 'makes the cmdlets open the PostgreSQL store, and a store that cannot be opened never shows the password' {
        $failure = $null
        try { Get-RasMfaRadiusClient } catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty
        ($failure | Out-String) | Should -Not -Match $password
        # Nothing listens on port 1; until this build has a PostgreSQL store, StorePostgreSqlUnavailable says so.
        $failure.CategoryInfo.Category | Should -Be 'ConnectionError'
    }
}
