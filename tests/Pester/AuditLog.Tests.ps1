# The audit log as an admin keeps it: retention and store-fault settings, a purge that leaves its note, paging that streams.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $env:RASMFA_DATABASE = New-TestDatabasePath
    $script:port = Get-FreeUdpPort
    $script:secret = ConvertTo-TestSecret 'audit-log-shared-secret-0123456789'
    Add-RasMfaRadiusClient -Name ras -Address 127.0.0.1 -SharedSecret $secret
    Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1

    function Send-Login([string] $UserName) {
        Test-RasMfaAuthentication -Server 127.0.0.1 -Port $port -SharedSecret $secret -UserName $UserName -Password (ConvertTo-TestSecret '123456') | Out-Null
    }
}

AfterAll {
    Stop-RasMfaRadiusServer -ErrorAction SilentlyContinue
    Clear-StoreConnections
    Remove-Item (Split-Path $env:RASMFA_DATABASE) -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:RASMFA_DATABASE
}

Describe 'Retention and store-fault settings' {
    It 'are shown with safe defaults, change, and refuse values out of range' {
        $settings = Get-RasMfaConfiguration
        $settings.AuditRetentionDays | Should -Be 90
        $settings.StoreWriteTimeoutSeconds | Should -Be 5
        "$($settings.StoreUnavailableAnswer)" | Should -Be 'Silence'

        $changed = Set-RasMfaConfiguration -AuditRetentionDays 365 -StoreWriteTimeoutSeconds 3 -StoreUnavailableAnswer Reject -PassThru
        $changed.AuditRetentionDays | Should -Be 365
        "$((Get-RasMfaConfiguration).StoreUnavailableAnswer)" | Should -Be 'Reject'

        { Set-RasMfaConfiguration -StoreWriteTimeoutSeconds 45 -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidConfiguration,*'
        { Set-RasMfaConfiguration -AuditRetentionDays -1 -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidConfiguration,*'
        { Set-RasMfaConfiguration -StoreUnavailableAnswer Accept -ErrorAction Stop } | Should -Throw
        Set-RasMfaConfiguration -AuditRetentionDays 90 -StoreWriteTimeoutSeconds 5 -StoreUnavailableAnswer Silence
    }
}

Describe 'Clear-RasMfaAuthenticationLog and paging' {
    BeforeAll {
        1..3 | ForEach-Object { Send-Login "early$_" }
        Start-Sleep -Milliseconds 1100
        $script:cutoff = Get-Date
        Start-Sleep -Milliseconds 1100
        1..4 | ForEach-Object { Send-Login "late$_" }
    }

    It 'pages from the oldest: -First, -Skip, and -Newest' {
        @(Get-RasMfaAuthenticationLog -First 2).UserName | Should -Be @('early1', 'early2')
        @(Get-RasMfaAuthenticationLog -Skip 5).UserName | Should -Be @('late3', 'late4')
        @(Get-RasMfaAuthenticationLog -Newest 2 -First 1).UserName | Should -Be @('late3')
        @(Get-RasMfaAuthenticationLog | Select-Object -First 1).UserName | Should -Be 'early1'
    }

    It 'removes nothing with -WhatIf, and refuses a cut-off in the future' {
        Clear-RasMfaAuthenticationLog -OlderThan $cutoff -WhatIf
        @(Get-RasMfaAuthenticationLog).Count | Should -Be 7
        { Clear-RasMfaAuthenticationLog -OlderThan (Get-Date).AddDays(1) -Force -ErrorAction Stop } | Should -Throw -ErrorId 'AuditPurgeCutoffInFuture,*'
    }

    It 'removes only the older records and leaves a note saying how many and who' {
        $result = Clear-RasMfaAuthenticationLog -OlderThan $cutoff -Force -PassThru
        $result.Removed | Should -Be 3

        $left = @(Get-RasMfaAuthenticationLog)
        $left.UserName[0..3] | Should -Be @('late1', 'late2', 'late3', 'late4')
        $note = Get-RasMfaAuthenticationLog -Result Purge
        $note.Reason | Should -Match '^3 records older than .* removed$'
        $note.UserName | Should -Match 'Clear-RasMfaAuthenticationLog'
    }
}
