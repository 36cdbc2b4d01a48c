# Two servers on one PostgreSQL store as admins set them up (issue 12): server A (a RASMFA_CONFIG folder of its own, so a key
# store of its own) makes the store and escrows its key; server B, pointed at the same database, is refused until it joins
# with the passphrase, then serves logins through its listener; after A rotates the key, B is refused until it joins again.
# Then both run listeners in processes of their own through a rotation: A's takes the new key by itself, B's answers nothing
# until B joins, and then accepts, neither restarted.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ListenerProcesses.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $script:savedDatabase = $env:RASMFA_DATABASE
    $script:savedConfig = $env:RASMFA_CONFIG
    Remove-Item Env:RASMFA_DATABASE -ErrorAction SilentlyContinue
    $script:root = Split-Path (New-TestDatabasePath)
    $script:database = New-TestPostgreSqlDatabase
    $script:port = Get-FreeUdpPort
    $script:secretText = 'store-join-shared-secret-0123456789'
    $script:passphrase = ConvertTo-TestSecret 'correct horse battery staple'
    $script:newPassphrase = ConvertTo-TestSecret 'a new passphrase for the new key'
    $credential = New-Object System.Management.Automation.PSCredential('postgres', (ConvertTo-TestSecret $database.Cluster.Password))
    $connection = "Host=127.0.0.1;Port=$($database.Cluster.Port);Database=$($database.Name)"

    function Use-Server([string] $Name) { $env:RASMFA_CONFIG = Join-Path $root $Name }

    function Send-Code([string] $UserName, [string] $Code) {
        Invoke-Radclient -Server "127.0.0.1:$port" -Command auth -Secret $secretText -Attributes @("User-Name = `"$UserName`"", "User-Password = `"$Code`"", 'Message-Authenticator = 0x00')
    }

    # A login through this server's listener, started for it and stopped after.
    function Send-CodeThroughListener([string] $UserName, [string] $Code) {
        Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1
        try { Send-Code $UserName $Code } finally { Stop-RasMfaRadiusServer }
    }

    Use-Server 'a'
    Set-RasMfaStore -PostgreSql -ConnectionString $connection -Credential $credential
    Add-RasMfaRadiusClient -Name ras -Address 127.0.0.1 -SharedSecret (ConvertTo-TestSecret $secretText)
    New-RasMfaUser -UserName alice | Out-Null
    $script:aliceSecret = (Register-RasMfaTotp -UserName alice).Secret
    New-RasMfaUser -UserName bob | Out-Null
    $script:bobSecret = (Register-RasMfaTotp -UserName bob).Secret
    $script:storeId = (Get-RasMfaStore).Key.StoreId
    Use-Server 'b'
    Set-RasMfaStore -PostgreSql -ConnectionString $connection -Credential $credential
}

AfterAll {
    Stop-RasMfaRadiusServer -ErrorAction SilentlyContinue
    Remove-TestPostgreSqlDatabase $database
    Remove-Item $root -Recurse -Force -ErrorAction SilentlyContinue
    if ($null -ne $savedDatabase) { $env:RASMFA_DATABASE = $savedDatabase } else { Remove-Item Env:RASMFA_DATABASE -ErrorAction SilentlyContinue }
    if ($null -ne $savedConfig) { $env:RASMFA_CONFIG = $savedConfig } else { Remove-Item Env:RASMFA_CONFIG -ErrorAction SilentlyContinue }
}

Describe 'A second server joins a shared PostgreSQL store' {
    It 'refuses server B before it joins, and Get-RasMfaStore says why' {
        Use-Server 'b'
        { Get-RasMfaRadiusClient } | Should -Throw -ErrorId 'StoreKeyNotJoined,*'
        $key = (Get-RasMfaStore).Key
        $key.KeyHeld | Should -BeFalse
        $key.KeyProblem | Should -Match 'Join-RasMfaStore'
        $key.Escrow | Should -BeNullOrEmpty
    }

    It 'refuses a join while the store keeps no escrow' {
        Use-Server 'b'
        { Join-RasMfaStore -Passphrase $passphrase } | Should -Throw -ErrorId 'StoreKeyEscrowMissing,*'
    }

    It 'escrows the key on server A, and the escrow in the database is not the key' {
        Use-Server 'a'
        $made = Add-RasMfaStoreKey -Passphrase $passphrase -Confirm:$false -PassThru
        $made.CreatedBy | Should -Be ([Environment]::MachineName)
        $made.StoreId | Should -Be $storeId
        $key = (Get-RasMfaStore).Key
        $key.KeyHeld | Should -BeTrue
        $key.Escrow.CreatedBy | Should -Be ([Environment]::MachineName)

        $keyFile = [System.IO.File]::ReadAllBytes((Join-Path $root "a/keys/rasmfa-store-$storeId.key"))
        $keyHex = -join ($keyFile[1..32] | ForEach-Object { $_.ToString('x2') })
        $blobHex = "$(Invoke-TestPsql -Cluster $database.Cluster -Database $database.Name -Sql 'SELECT encode(blob, ''hex'') FROM store_key_escrow')".Trim()
        $blobHex.Length | Should -BeGreaterThan 64
        $blobHex | Should -Not -Match $keyHex
        $blobHex | Should -Not -Match $keyHex.Substring(0, 16)
    }

    It 'refuses to replace the escrow without -Force' {
        Use-Server 'a'
        { Add-RasMfaStoreKey -Passphrase $newPassphrase -Confirm:$false } | Should -Throw -ErrorId 'StoreKeyEscrowExists,*'
    }

    It 'refuses a join with a wrong passphrase and saves nothing' {
        Use-Server 'b'
        { Join-RasMfaStore -Passphrase (ConvertTo-TestSecret 'not the passphrase at all') } | Should -Throw -ErrorId 'StoreKeyPassphraseWrong,*'
        Join-Path $root "b/keys/rasmfa-store-$storeId.key" | Should -Not -Exist
        { Get-RasMfaRadiusClient } | Should -Throw -ErrorId 'StoreKeyNotJoined,*'
    }

    It 'joins with the right passphrase: B reads the client secret and its listener accepts the token''s code' {
        Use-Server 'b'
        $joined = Join-RasMfaStore -Passphrase $passphrase
        $joined.AlreadyJoined | Should -BeFalse
        $joined.KeyPath | Should -Be (Join-Path $root "b/keys/rasmfa-store-$storeId.key")
        (Get-RasMfaRadiusClient -Name ras).Unreadable | Should -BeNullOrEmpty
        (Get-RasMfaStore).Key.KeyHeld | Should -BeTrue

        Wait-FreshTotpStep -Seconds 10
        $script:firstStep = [long][Math]::Floor([DateTimeOffset]::UtcNow.ToUnixTimeSeconds() / 30)
        $login = Send-CodeThroughListener alice (Get-OathCode -Secret $aliceSecret -Counter $firstStep)
        $login.Code | Should -Be 'Access-Accept' -Because $login.Output
    }

    It 'joins again without change' {
        Use-Server 'b'
        (Join-RasMfaStore -Passphrase $passphrase).AlreadyJoined | Should -BeTrue
    }
}

Describe 'The store key rotated on server A' {
    BeforeAll {
        Use-Server 'a'
        $script:rotated = Update-RasMfaStoreKey -Passphrase $newPassphrase -Confirm:$false
    }

    It 'reseals the client''s secret and both tokens, and everything still opens on A' {
        $rotated.SecretsResealed | Should -Be 3
        $rotated.SecretsUnreadable | Should -Be 0
        Use-Server 'a'
        (Get-RasMfaRadiusClient -Name ras).Unreadable | Should -BeNullOrEmpty
        (Get-RasMfaStore).Key.KeyHeld | Should -BeTrue
        $login = Send-CodeThroughListener bob (Get-OathCode -Secret $bobSecret)
        $login.Code | Should -Be 'Access-Accept' -Because $login.Output
    }

    It 'refuses B with an error that says to join again, and the old passphrase joins no more' {
        Use-Server 'b'
        $failure = $null
        try { Get-RasMfaRadiusClient } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike 'StoreKeyMismatch,*'
        $failure.Exception.Message | Should -Match 'Join-RasMfaStore'
        (Get-RasMfaStore).Key.KeyHeld | Should -BeFalse
        { Join-RasMfaStore -Passphrase $passphrase } | Should -Throw -ErrorId 'StoreKeyPassphraseWrong,*'
    }

    It 'lets B serve again once it joins with the new passphrase' {
        Use-Server 'b'
        (Join-RasMfaStore -Passphrase $newPassphrase).AlreadyJoined | Should -BeFalse
        $login = Send-CodeThroughListener alice (Get-OathCode -Secret $aliceSecret -Counter ($firstStep + 1))
        $login.Code | Should -Be 'Access-Accept' -Because $login.Output
    }
}

Describe 'Listeners running through a rotation of the store key' {
    BeforeAll {
        Use-Server 'a'
        New-RasMfaUser -UserName carol | Out-Null
        $script:carolSecret = (Register-RasMfaTotp -UserName carol).Secret
        New-RasMfaUser -UserName dave | Out-Null
        $script:daveSecret = (Register-RasMfaTotp -UserName dave).Secret
        $script:thirdPassphrase = ConvertTo-TestSecret 'a third passphrase, after the second'
        $script:listenerA = Start-ListenerProcess -Port (Get-FreeUdpPort) -Environment @{ RASMFA_CONFIG = (Join-Path $root 'a'); RASMFA_DATABASE = $null } -Folder (Join-Path $root 'listener-a')
        $script:listenerB = Start-ListenerProcess -Port (Get-FreeUdpPort) -Environment @{ RASMFA_CONFIG = (Join-Path $root 'b'); RASMFA_DATABASE = $null } -Folder (Join-Path $root 'listener-b')
        Update-RasMfaStoreKey -Passphrase $thirdPassphrase -Confirm:$false | Out-Null

        function Send-CodeTo($Listener, [string] $UserName, [string] $Secret) {
            Invoke-Radclient -Server "127.0.0.1:$($Listener.Port)" -Command auth -Secret $secretText `
                -Attributes @("User-Name = `"$UserName`"", "User-Password = `"$(Get-OathCode -Secret $Secret)`"", 'Message-Authenticator = 0x00')
        }
    }

    AfterAll {
        Stop-ListenerProcess $listenerA
        Stop-ListenerProcess $listenerB
    }

    It 'server A''s listener takes the new key from its key files and accepts a code, not restarted' {
        Wait-FreshTotpStep -Seconds 10
        $login = Send-CodeTo $listenerA dave $daveSecret
        $login.Code | Should -Be 'Access-Accept' -Because $login.Output
    }

    It 'server B''s listener, whose key the rotation left behind, sends no answer (StoreUnavailableAnswer: Silence) rather than an Accept or a fault' {
        Wait-FreshTotpStep -Seconds 10
        $login = Send-CodeTo $listenerB carol $carolSecret
        $login.Code | Should -BeNullOrEmpty -Because $login.Output
        $listenerB.Process.HasExited | Should -BeFalse
    }

    It 'server B''s listener accepts a code within seconds of B''s join, not restarted' {
        Use-Server 'b'
        (Join-RasMfaStore -Passphrase $thirdPassphrase).AlreadyJoined | Should -BeFalse
        # The listener looks at its key files again at most every 5 s, and its watcher every second: a few tries at most.
        $deadline = [DateTime]::UtcNow.AddSeconds(20)
        do {
            Wait-FreshTotpStep -Seconds 3
            $login = Send-CodeTo $listenerB carol $carolSecret
        } until ($login.Code -or [DateTime]::UtcNow -gt $deadline)
        $login.Code | Should -Be 'Access-Accept' -Because $login.Output

        Stop-ListenerProcess $listenerB
        $status = Get-Content $listenerB.StatusFile -Raw | ConvertFrom-Json
        $status.StoreUnavailableLogins | Should -BeGreaterThan 0
        $status.Counters.DroppedByReason.HandlerFault | Should -Be 0
        $status.Counters.DroppedByReason.AnswerWithheld | Should -BeGreaterThan 0
    }
}
