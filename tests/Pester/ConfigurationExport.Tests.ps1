# Export-/Import-RasMfaConfiguration as an admin runs them: a working store (a client, a directory, an upstream server,
# settings, alice with a TOTP app who logged in, bob with an HOTP token who logged in) exported into a file, then imported
# into new stores (a SQLite file, a PostgreSQL database), which a listener serves: the client's secret still signs what
# radclient accepts, codes from the original enrolment work, codes used before the export are refused. And
# Export-RasMfaAuthenticationLog: CSV a spreadsheet cannot be made to run, JSON Lines.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $script:savedDatabase = $env:RASMFA_DATABASE
    $script:savedConfig = $env:RASMFA_CONFIG
    $script:source = New-TestDatabasePath
    $script:root = Split-Path $source
    $script:file = Join-Path $root 'backup.rasmfa'
    $script:port = Get-FreeUdpPort
    $script:secretText = 'config-export-shared-secret-0123456789'
    $script:bindPasswordText = 'config-export-bind-P4ssw0rd'
    $script:upstreamSecretText = 'config-export-upstream-secret-0123'
    $script:hotpHex = '3132333435363738393031323334353637383930'
    $script:passphrase = ConvertTo-TestSecret 'correct horse battery staple'
    $env:RASMFA_DATABASE = $source
    Add-RasMfaRadiusClient -Name ras -Address 127.0.0.1 -SharedSecret (ConvertTo-TestSecret $secretText)
    Add-RasMfaDirectory -Name corp -Type ActiveDirectory -Server 127.0.0.1 -Security None -WarningAction SilentlyContinue `
        -BindCredential (New-Object System.Management.Automation.PSCredential('CORP\svc-rasmfa', (ConvertTo-TestSecret $bindPasswordText)))
    Add-RasMfaUpstreamRadiusServer -Name nps -Address 127.0.0.1 -Port 1812 -SharedSecret (ConvertTo-TestSecret $upstreamSecretText)
    Set-RasMfaConfiguration -LockoutThreshold 4
    New-RasMfaUser -UserName alice | Out-Null
    $script:aliceSecret = (Register-RasMfaTotp -UserName alice).Secret
    New-RasMfaUser -UserName bob | Out-Null
    Set-Content (Join-Path $root 'tokens.csv') -Value @('Serial,Secret,Type,Digits,Period,UserName', "HW-BOB,$hotpHex,HOTP,6,,bob")
    Import-RasMfaOathToken -Path (Join-Path $root 'tokens.csv') | Out-Null

    function Send-Code([string] $UserName, [string] $Code) {
        Invoke-Radclient -Server "127.0.0.1:$port" -Command auth -Secret $secretText -Attributes @("User-Name = `"$UserName`"", "User-Password = `"$Code`"", 'Message-Authenticator = 0x00')
    }

    function Use-Store([string] $Database) {
        Clear-StoreConnections
        $env:RASMFA_DATABASE = $Database
    }

    # Alice and bob log in once on the source: a used TOTP step and an HOTP counter moved on, to carry over.
    Wait-FreshTotpStep -Seconds 25
    $script:usedCode = Get-OathCode -Secret $aliceSecret
    Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1
    try {
        $script:firstLogins = @((Send-Code alice $usedCode), (Send-Code bob (Get-OathCode -Secret $hotpHex -Counter 0)), (Send-Code '=1+1' '123456'))
    }
    finally { Stop-RasMfaRadiusServer }
    Clear-StoreConnections
}

AfterAll {
    Stop-RasMfaRadiusServer -ErrorAction SilentlyContinue
    Clear-StoreConnections
    Remove-Item $root -Recurse -Force -ErrorAction SilentlyContinue
    if ($null -ne $savedDatabase) { $env:RASMFA_DATABASE = $savedDatabase } else { Remove-Item Env:RASMFA_DATABASE -ErrorAction SilentlyContinue }
    if ($null -ne $savedConfig) { $env:RASMFA_CONFIG = $savedConfig } else { Remove-Item Env:RASMFA_CONFIG -ErrorAction SilentlyContinue }
}

Describe 'Export-RasMfaConfiguration and Import-RasMfaConfiguration' {
    It 'logged alice and bob in on the source (the state to carry)' {
        $firstLogins[0].Code | Should -Be 'Access-Accept' -Because $firstLogins[0].Output
        $firstLogins[1].Code | Should -Be 'Access-Accept' -Because $firstLogins[1].Output
    }

    It 'writes nothing under -WhatIf' {
        Export-RasMfaConfiguration -Path $file -Passphrase $passphrase -WhatIf
        $file | Should -Not -Exist
    }

    It 'exports into a private file, with a summary' {
        $summary = Export-RasMfaConfiguration -Path $file -Passphrase $passphrase -IncludeAuditLog
        $summary.Path | Should -Be $file
        ($summary.Tables | Where-Object Table -eq 'otp_token').Rows | Should -Be 2
        ($summary.Tables | Where-Object Table -eq 'radius_client').Rows | Should -Be 1
        ($summary.Tables | Where-Object Table -eq 'authentication_log').Rows | Should -Be 3
        $summary.KeyDerivation | Should -Match 'Argon2id, 64 MiB'
        if (-not $IsWindows) { (Get-Item $file).UnixMode | Should -Be '-rw-------' }
    }

    It 'holds no secret in clear: not the token secrets, the shared secrets, the bind password, nor a user name' {
        $text = [System.IO.File]::ReadAllText($file)
        foreach ($secret in @($aliceSecret, $hotpHex, $secretText, $bindPasswordText, $upstreamSecretText, 'alice', 'HW-BOB')) {
            $text | Should -Not -Match ([regex]::Escape($secret))
            $text | Should -Not -Match ([regex]::Escape([Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes($secret))))
        }
        $text | Should -Not -Match ([regex]::Escape([Convert]::ToBase64String((ConvertFrom-Base32OrHex $aliceSecret))))
        $text | Should -Not -Match ([regex]::Escape([Convert]::ToBase64String((ConvertFrom-Base32OrHex $hotpHex))))
    }

    It 'keeps an existing file unless -Force' {
        { Export-RasMfaConfiguration -Path $file -Passphrase $passphrase } | Should -Throw -ErrorId 'ConfigurationFileExists,*'
    }

    It 'imports into a new store that serves logins: codes of the original enrolment work, codes used before the export are refused' {
        $script:restored = Join-Path $root 'restored/rasmfa.db'
        Use-Store $restored
        try {
            $summary = Import-RasMfaConfiguration -Path $file -Passphrase $passphrase
            ($summary.Tables | Where-Object Table -eq 'mfa_user').Rows | Should -Be 2
            (Get-RasMfaDirectory -Name corp).Unreadable | Should -BeNullOrEmpty
            (Get-RasMfaUpstreamRadiusServer -Name nps).Unreadable | Should -BeNullOrEmpty
            (Get-RasMfaConfiguration).LockoutThreshold | Should -Be 4
            Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1
            $replay = Send-Code alice $usedCode
            $replay.Code | Should -Be 'Access-Reject' -Because $replay.Output
            (Get-RasMfaAuthenticationLog -UserName alice -Last 1).Reason | Should -Be 'replayed code'
            $fresh = Send-Code alice (Get-OathCode -Secret $aliceSecret -StepOffset 1)
            $fresh.Code | Should -Be 'Access-Accept' -Because $fresh.Output
            $usedHotp = Send-Code bob (Get-OathCode -Secret $hotpHex -Counter 0)
            $usedHotp.Code | Should -Be 'Access-Reject' -Because $usedHotp.Output
            $nextHotp = Send-Code bob (Get-OathCode -Secret $hotpHex -Counter 1)
            $nextHotp.Code | Should -Be 'Access-Accept' -Because $nextHotp.Output
        }
        finally {
            Stop-RasMfaRadiusServer -ErrorAction SilentlyContinue
            Use-Store $source
        }
    }

    It 'refuses a store that holds data' {
        Use-Store $restored
        try { { Import-RasMfaConfiguration -Path $file -Passphrase $passphrase } | Should -Throw -ErrorId 'ConfigurationStoreNotEmpty,*' }
        finally { Use-Store $source }
    }

    It 'refuses a wrong passphrase with its error id, and the store stays empty' {
        Use-Store (Join-Path $root 'wrong/rasmfa.db')
        try {
            { Import-RasMfaConfiguration -Path $file -Passphrase (ConvertTo-TestSecret 'not the passphrase at all') } | Should -Throw -ErrorId 'ConfigurationPassphraseWrong,*'
            Get-RasMfaUser | Should -BeNullOrEmpty
            Get-RasMfaRadiusClient | Should -BeNullOrEmpty
        }
        finally { Use-Store $source }
    }

    It 'refuses a file with a flipped byte as damaged, and the store stays empty' {
        $octets = [System.IO.File]::ReadAllBytes($file)
        $at = [Array]::IndexOf($octets, [byte]10) + 40   # inside the first segment's Base64
        $octets[$at] = if ($octets[$at] -eq [byte][char]'A') { [byte][char]'B' } else { [byte][char]'A' }
        $damaged = Join-Path $root 'damaged.rasmfa'
        [System.IO.File]::WriteAllBytes($damaged, $octets)
        Use-Store (Join-Path $root 'damaged/rasmfa.db')
        try {
            { Import-RasMfaConfiguration -Path $damaged -Passphrase $passphrase } | Should -Throw -ErrorId 'ConfigurationFileDamaged,*'
            Get-RasMfaUser | Should -BeNullOrEmpty
        }
        finally { Use-Store $source }
    }

    It 'imports into PostgreSQL (chosen machine-wide), whose listener accepts the HOTP code next after the export and refuses the used TOTP code' {
        $pgDatabase = New-TestPostgreSqlDatabase
        $pgCredential = New-Object System.Management.Automation.PSCredential('postgres', (ConvertTo-TestSecret $pgDatabase.Cluster.Password))
        Clear-StoreConnections
        Remove-Item Env:RASMFA_DATABASE
        $env:RASMFA_CONFIG = Join-Path $root 'pg-config'
        try {
            Set-RasMfaStore -PostgreSql -ConnectionString "Host=127.0.0.1;Port=$($pgDatabase.Cluster.Port);Database=$($pgDatabase.Name)" -Credential $pgCredential
            $summary = Import-RasMfaConfiguration -Path $file -Passphrase $passphrase
            ($summary.Tables | Where-Object Table -eq 'otp_token').Rows | Should -Be 2
            $sealed = Invoke-TestPsql -Cluster $pgDatabase.Cluster -Database $pgDatabase.Name -Sql "SELECT DISTINCT get_byte(secret, 0) FROM radius_client UNION SELECT DISTINCT get_byte(secret, 0) FROM otp_token"
            @($sealed) | Should -Be @('4')   # sealed with the shared store's own key
            Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1
            $replay = Send-Code alice $usedCode
            $replay.Code | Should -Be 'Access-Reject' -Because $replay.Output
            $nextHotp = Send-Code bob (Get-OathCode -Secret $hotpHex -Counter 1)
            $nextHotp.Code | Should -Be 'Access-Accept' -Because $nextHotp.Output
        }
        finally {
            Stop-RasMfaRadiusServer -ErrorAction SilentlyContinue
            Clear-StoreConnections
            Remove-TestPostgreSqlDatabase $pgDatabase
            Remove-Item Env:RASMFA_CONFIG -ErrorAction SilentlyContinue
            $env:RASMFA_DATABASE = $source
        }
    }
}

Describe 'Export-RasMfaAuthenticationLog' {
    It 'writes CSV with formulas defused, and counts the records' {
        $csv = Join-Path $root 'log.csv'
        $summary = Export-RasMfaAuthenticationLog -Path $csv
        $summary.Records | Should -Be @(Get-RasMfaAuthenticationLog).Count
        $rows = Import-Csv $csv
        $rows.Count | Should -Be $summary.Records
        ($rows | Where-Object Result -eq 'Reject').UserName | Should -Be "'=1+1"
        if (-not $IsWindows) { (Get-Item $csv).UnixMode | Should -Be '-rw-------' }
        { Export-RasMfaAuthenticationLog -Path $csv } | Should -Throw -ErrorId 'ConfigurationFileExists,*'
    }

    It 'writes JSON lines of one user' {
        $json = Join-Path $root 'log.jsonl'
        $summary = Export-RasMfaAuthenticationLog -Path $json -Format Json -UserName alice
        $summary.Records | Should -Be 1
        $record = Get-Content $json | ConvertFrom-Json
        $record.UserName | Should -Be 'alice'
        $record.Result | Should -Be 'Accept'
    }
}
