# Active Directory as the first factor: a real Samba AD DC on loopback, the one build.ps1 Test started for the run
# (named by RASMFA_TEST_SAMBA; xunit has used it first, with users of its own), else one provisioned by this file.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../../tools/SambaDomain.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $env:RASMFA_DATABASE = New-TestDatabasePath
    $script:sharedSamba = [bool]$env:RASMFA_TEST_SAMBA
    $script:samba = if ($sharedSamba) { Read-SambaDomainDescriptor $env:RASMFA_TEST_SAMBA } else { Start-SambaDomain }
    $script:password = 'Corr3ct-Horse-Battery!'
    foreach ($name in 'alice', 'bob', 'carol', 'dave', 'erin') {
        Invoke-SambaTool $samba user create $name $password "--mail-address=$name@rasmfa.test" | Out-Null
    }
    Invoke-SambaTool $samba user create frank $password --must-change-at-next-login | Out-Null
    Invoke-SambaTool $samba user create henry $password --mail-address=henry@rasmfa.test --given-name=Henry --surname=Hall | Out-Null
    Invoke-SambaTool $samba user create ivy $password --mail-address=ivy@rasmfa.test --telephone-number='+44 20 7946 0002' | Out-Null
    Invoke-SambaTool $samba group add Sales | Out-Null
    Invoke-SambaTool $samba group add EMEA | Out-Null
    Invoke-SambaTool $samba group addmembers Sales 'henry,EMEA' | Out-Null
    Invoke-SambaTool $samba group addmembers EMEA ivy | Out-Null
    Invoke-SambaTool $samba user disable bob | Out-Null
    Invoke-SambaTool $samba user setexpiry dave --days=0 | Out-Null
    Invoke-SambaTool $samba domain passwordsettings set --account-lockout-threshold=2 --account-lockout-duration=10 --reset-account-lockout-after=10 | Out-Null
    $script:admin = [pscredential]::new("Administrator@rasmfa.test", (ConvertTo-SecureString $samba.AdminPassword -AsPlainText -Force))
    Add-RasMfaDirectory -Name corp -Type ActiveDirectory -Server 127.0.0.1 -Security Ldaps -BindCredential $admin -TrustedCaPath $samba.CaFolder

    $script:port = Get-FreeUdpPort
    $script:secretText = 'ras-to-rasmfa-directory-secret-01'
    Add-RasMfaRadiusClient -Name ras -Address 127.0.0.1 -SharedSecret (ConvertTo-TestSecret $secretText) -FirstFactor Directory -Directory corp
    Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1
    foreach ($name in 'alice', 'bob', 'carol', 'dave', 'frank') { New-RasMfaUser $name | Out-Null }
    $script:aliceSecret = (Register-RasMfaTotp alice).Secret

    function Send-Radclient([string] $UserName, [string] $Password, [string] $State) {
        $attributes = @("User-Name = `"$UserName`"", "User-Password = `"$Password`"", 'Message-Authenticator = 0x00')
        if ($State) { $attributes += "State = $State" }
        Invoke-Radclient -Server "127.0.0.1:$port" -Command auth -Secret $secretText -Attributes $attributes -TimeoutSeconds 5
    }

    function Get-LastReason([string] $UserName) { (Get-RasMfaAuthenticationLog -UserName $UserName -Last 1).Reason }
}

AfterAll {
    Stop-RasMfaRadiusServer -ErrorAction SilentlyContinue
    if (-not $sharedSamba) { Stop-SambaDomain $samba }
    Remove-Item (Split-Path $env:RASMFA_DATABASE) -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:RASMFA_DATABASE
}

Describe 'Test-RasMfaDirectory against Samba AD' {
    It 'connects over LDAPS, binds the service account, searches, and binds a user' {
        $steps = Test-RasMfaDirectory corp -Credential ([pscredential]::new('RASMFA\alice', (ConvertTo-SecureString $password -AsPlainText -Force)))
        $steps.Step | Should -Be @('Connect (Ldaps, port 636)', 'Bind service account', 'Search', 'Bind as RASMFA\alice')
        $steps.Succeeded | Should -Be @($true, $true, $true, $true)
        $steps[2].Detail | Should -Be $samba.BaseDN
    }

    It 'works over StartTLS too' {
        Set-RasMfaDirectory corp -Security StartTls
        Test-RasMfaDirectory corp -Quiet | Should -BeTrue
        (Test-RasMfaDirectory corp)[0].Step | Should -Be 'Connect (StartTls, port 389)'
        Set-RasMfaDirectory corp -Security Ldaps
    }

    It 'refuses a server whose certificate no trusted CA signed' {
        $empty = New-Item -ItemType Directory -Path (Join-Path $samba.Directory 'no-ca') -Force
        Add-RasMfaDirectory -Name untrusted -Type ActiveDirectory -Server 127.0.0.1 -BindCredential $admin -TrustedCaPath $empty.FullName
        $steps = Test-RasMfaDirectory untrusted
        $steps[0].Succeeded | Should -BeFalse
        Test-RasMfaDirectory untrusted -Quiet | Should -BeFalse
        Set-RasMfaDirectory untrusted -Security StartTls
        (Test-RasMfaDirectory untrusted)[0].Succeeded | Should -BeFalse
    }

    It 'gets a clear simple bind refused by the domain controller, and says which step failed' {
        Add-RasMfaDirectory -Name clear -Type ActiveDirectory -Server 127.0.0.1 -Security None -BindCredential $admin -WarningVariable warned -WarningAction SilentlyContinue
        $warned[0] | Should -Match 'in clear'
        $steps = Test-RasMfaDirectory clear
        $steps[0].Succeeded | Should -BeTrue
        $steps[1].Step | Should -Be 'Bind service account'
        $steps[1].Succeeded | Should -BeFalse
        $steps[1].Detail | Should -Match 'Strong'
    }

    It 'refuses to remove a directory a client uses, and removes one no client uses' {
        Remove-RasMfaDirectory -Name corp -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'DirectoryInUse,*'
        Remove-RasMfaDirectory -Name clear -Confirm:$false
        Get-RasMfaDirectory clear -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'fails over to the next server when the first does not answer' {
        Add-RasMfaDirectory -Name failover -Type ActiveDirectory -Server 127.0.0.2, 127.0.0.1 -BindCredential $admin -TrustedCaPath $samba.CaFolder -TimeoutSeconds 2
        $steps = Test-RasMfaDirectory failover
        ($steps | Where-Object Server -eq '127.0.0.2')[0].Succeeded | Should -BeFalse
        ($steps | Where-Object Server -eq '127.0.0.1').Succeeded | Should -Not -Contain $false
    }
}

Describe 'Password then code, with Active Directory as the first factor' {
    It 'challenges after the right domain password and accepts the code' {
        $first = Send-Radclient -UserName 'RASMFA\alice' -Password $password
        $first.Code | Should -Be 'Access-Challenge' -Because $first.Output
        $state = ($first.Attributes | Where-Object { $_ -like 'State = *' }) -replace '^State = ', ''
        Wait-FreshTotpStep
        (Send-Radclient -UserName 'RASMFA\alice' -Password (Get-OathCode -Secret $aliceSecret) -State $state).Code | Should -Be 'Access-Accept'
    }

    It 'works with the UPN and from Test-RasMfaAuthentication' {
        Wait-FreshTotpStep
        $result = Test-RasMfaAuthentication -Server 127.0.0.1 -Port $port -SharedSecret (ConvertTo-TestSecret $secretText) -UserName 'alice@rasmfa.test' `
            -Password (ConvertTo-TestSecret $password) -Response (Get-OathCode -Secret $aliceSecret -StepOffset 1) -TimeoutSeconds 5
        $result.Code | Should -Be 'AccessAccept'
        $result.RoundTrips | Should -Be 2
    }

    It 'rejects a wrong password, and records "bad password"' {
        (Send-Radclient -UserName alice -Password 'Wrong-Passw0rd!').Code | Should -Be 'Access-Reject'
        Get-LastReason alice | Should -Be 'bad password (corp)'
        Unlock-RasMfaUser alice
    }

    It 'rejects a disabled AD account, and records why' {
        (Send-Radclient -UserName bob -Password $password).Code | Should -Be 'Access-Reject'
        Get-LastReason bob | Should -Be 'account disabled in the directory (corp)'
    }

    It 'rejects a locked-out AD account, and records why' {
        1..2 | ForEach-Object { Send-Radclient -UserName carol -Password 'Wrong-Passw0rd!' | Out-Null }
        (Send-Radclient -UserName carol -Password $password).Code | Should -Be 'Access-Reject'
        Get-LastReason carol | Should -Be 'account locked out in the directory (corp)'
    }

    It 'rejects an expired account and a password that must change, and records why' {
        (Send-Radclient -UserName dave -Password $password).Code | Should -Be 'Access-Reject'
        Get-LastReason dave | Should -Be 'account expired in the directory (corp)'
        (Send-Radclient -UserName frank -Password $password).Code | Should -Be 'Access-Reject'
        Get-LastReason frank | Should -Be 'password must be changed (corp)'
    }

    It 'logs in through the second domain controller when the first does not answer' {
        Set-RasMfaRadiusClient -Name ras -Directory failover
        Start-Sleep -Milliseconds 2000
        $reply = Send-Radclient -UserName 'RASMFA\alice' -Password $password
        $reply.Code | Should -Be 'Access-Challenge' -Because $reply.Output
        Set-RasMfaRadiusClient -Name ras -Directory corp
    }

    It 'never accepts an empty password, which LDAP would take as an anonymous bind' {
        Set-RasMfaRadiusClient -Name ras -OtpMode Appended
        Start-Sleep -Milliseconds 2000
        (Send-Radclient -UserName alice -Password '').Code | Should -Be 'Access-Reject'
        Get-LastReason alice | Should -Be 'empty password'
        Set-RasMfaRadiusClient -Name ras -OtpMode Challenge
    }
}

Describe 'Users from Active Directory' {
    It 'imports a group without its nested groups, then with them, bringing e-mail and phone' {
        $flat = Import-RasMfaUser -Directory corp -Group Sales
        $flat.Created | Should -Be 1
        (Get-RasMfaUser 'henry*').Email | Should -Be 'henry@rasmfa.test'
        $nested = Import-RasMfaUser -Directory corp -Group Sales -Recurse
        $nested.Created | Should -Be 1
        $nested.Unchanged | Should -Be 1
        $ivy = Get-RasMfaUser 'ivy*'
        $ivy.Email | Should -Be 'ivy@rasmfa.test'
        $ivy.PhoneNumber | Should -Be '+44 20 7946 0002'
        $ivy.UserName | Should -BeLike 'ivy@*'
        Get-RasMfaUser 'gina*' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'can name users by sAMAccountName instead' {
        (Import-RasMfaUser -Directory corp -Group EMEA -UserNameAttribute SamAccountName).Created | Should -Be 1
        (Get-RasMfaUser ivy).Email | Should -Be 'ivy@rasmfa.test'
        Remove-RasMfaUser ivy -Confirm:$false
    }

    It 'disables a user deleted from AD at the next sync, and only users of that directory' {
        New-RasMfaUser -UserName 'local-only' | Out-Null
        Invoke-SambaTool $samba user delete ivy | Out-Null
        $result = Sync-RasMfaUser -Directory corp
        $result.Disabled | Should -Be 1
        $result.Missing | Should -BeLike 'ivy@*'
        (Get-RasMfaUser 'ivy*').Enabled | Should -BeFalse
        (Get-RasMfaUser 'henry*').Enabled | Should -BeTrue
        (Get-RasMfaUser 'local-only').Enabled | Should -BeTrue
    }

    It 'holds back a mass deletion without -Force, and applies it with -Force' {
        Invoke-SambaTool $samba group add Bulk | Out-Null
        $names = 1..6 | ForEach-Object { "bulk$_" }
        foreach ($name in $names) { Invoke-SambaTool $samba user create $name $password | Out-Null }
        Invoke-SambaTool $samba group addmembers Bulk ($names -join ',') | Out-Null
        (Import-RasMfaUser -Directory corp -Group Bulk).Created | Should -Be 6
        foreach ($name in $names) { Invoke-SambaTool $samba user delete $name | Out-Null }
        $held = Sync-RasMfaUser -Directory corp -WarningVariable warned -WarningAction SilentlyContinue
        $held.HeldBack | Should -BeTrue
        $held.Missing.Count | Should -Be 6
        $warned | Should -Not -BeNullOrEmpty
        @(Get-RasMfaUser 'bulk*' | Where-Object Enabled).Count | Should -Be 6
        $forced = Sync-RasMfaUser -Directory corp -Force
        $forced.Disabled | Should -Be 6
        @(Get-RasMfaUser 'bulk*' | Where-Object Enabled).Count | Should -Be 0
    }

    It 'removes missing users, disabled ones included, with -RemoveMissing' {
        (Sync-RasMfaUser -Directory corp -RemoveMissing -Force).Removed | Should -Be 7
        Get-RasMfaUser 'bulk*', 'ivy*' | Should -BeNullOrEmpty
        (Get-RasMfaUser 'henry*').Enabled | Should -BeTrue
    }
}

