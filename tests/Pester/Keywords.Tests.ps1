# Issue 14: the methods a user holds, the methods and automation keywords a client allows, and what a keyword gets over
# radclient from a listener with no delivery provider configured (every out-of-band method unavailable).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $env:RASMFA_DATABASE = New-TestDatabasePath
    $script:port = Get-FreeUdpPort
    $script:secretText = 'keywords-shared-secret-0123456789'
    $script:server = "127.0.0.1:$port"
    Add-RasMfaRadiusClient -Name ras -Address 127.0.0.1 -SharedSecret (ConvertTo-TestSecret $secretText) `
        -AllowedMethod Totp, Sms, Email -Keyword @{ sms = 'sms'; email = 'Mail me' }
    Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1

    function Send-Radclient([string] $UserName, [string] $Password) {
        Invoke-Radclient -Server $server -Command auth -Secret $secretText -Attributes @("User-Name = `"$UserName`"", "User-Password = `"$Password`"", 'Message-Authenticator = 0x00')
    }

    function Get-ReplyMessage($Reply) { ($Reply.Attributes | Where-Object { $_ -like 'Reply-Message = *' }) -replace '^Reply-Message = "(.*)"$', '$1' }
}

AfterAll {
    Stop-RasMfaRadiusServer -ErrorAction SilentlyContinue
    Remove-Item (Split-Path $env:RASMFA_DATABASE) -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:RASMFA_DATABASE
}

Describe 'A client''s methods and keywords' {
    It 'shows the allowed methods, the keywords and the empty-password action, and a new client allows the tokens only' {
        $ras = Get-RasMfaRadiusClient ras
        $ras.AllowedMethod | Should -Be @('Totp', 'Sms', 'Email')
        $ras.Keyword['sms'] | Should -Be 'sms'
        $ras.Keyword['email'] | Should -Be 'Mail me'
        $ras.EmptyPasswordAction | Should -Be 'Challenge'
        $vpn = Add-RasMfaRadiusClient -Name vpn -Address 192.0.2.7 -SharedSecret (ConvertTo-TestSecret $secretText) -PassThru
        $vpn.AllowedMethod | Should -Be @('Totp', 'Hotp')
        $vpn.Keyword.Count | Should -Be 0
    }

    It 'refuses a keyword of digits, an empty one and one for no method, each with its error id' {
        Set-RasMfaRadiusClient vpn -Keyword @{ sms = '123456' } -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'InvalidKeyword,*'
        Set-RasMfaRadiusClient vpn -Keyword @{ sms = ' ' } -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'InvalidKeyword,*'
        Set-RasMfaRadiusClient vpn -Keyword @{ fax = 'fax' } -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'UnknownKeywordMethod,*'
        (Get-RasMfaRadiusClient vpn).Keyword.Count | Should -Be 0
    }

    It 'starts the default method on an empty password when set to, and warns of a keyword for a method it does not allow' {
        Set-RasMfaRadiusClient vpn -EmptyPasswordAction StartDefault -Keyword @{ call = 'call' } -WarningVariable warned -WarningAction SilentlyContinue
        $warned | Should -Match 'does not allow'
        (Get-RasMfaRadiusClient vpn).EmptyPasswordAction | Should -Be 'StartDefault'
    }
}

Describe 'A user''s methods' {
    It 'holds SMS and e-mail with SMS as default, shown by Get-RasMfaUser' {
        New-RasMfaUser -UserName alice | Out-Null
        $alice = Set-RasMfaUser alice -PhoneNumber '+1 555 010 0101' -Email 'alice@corp.example' -Method Sms, Email -DefaultMethod Sms -PassThru
        $alice.Methods | Should -Be @('Sms', 'Email')
        $alice.DefaultMethod | Should -Be 'Sms'
        (Get-RasMfaUser alice).Enrolled | Should -BeTrue
    }

    It 'refuses a phone number without a country code, and SMS for a user without a number' {
        New-RasMfaUser -UserName bob | Out-Null
        Set-RasMfaUser bob -PhoneNumber '555 0100' -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'InvalidRasMfaUser,*'
        Set-RasMfaUser bob -Method Sms -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'InvalidRasMfaUserMethod,*'
        (Get-RasMfaUser bob).Methods.Count | Should -Be 0
    }
}

Describe 'Keywords over radclient, with no delivery provider configured' {
    It 'answers a keyword, in any case, with a Reject that says SMS is not available on this server, and audits why' {
        $reply = Send-Radclient -UserName alice -Password ' SMS '
        $reply.Code | Should -Be 'Access-Reject' -Because $reply.Output
        Get-ReplyMessage $reply | Should -Be 'SMS is not available on this server. Use another method.'
        (Get-RasMfaAuthenticationLog -UserName alice -Last 1).Reason | Should -BeLike '*no SMS provider is configured*'
    }

    It 'answers a keyword for a method the client no longer allows plainly, and never tries a keyword as a code' {
        $secret = (Register-RasMfaTotp -UserName alice).Secret
        Set-RasMfaRadiusClient ras -AllowedMethod Totp
        $deadline = (Get-Date).AddSeconds(10)
        do {
            Start-Sleep -Milliseconds 300
            $reply = Send-Radclient -UserName alice -Password 'mail me'
        } until ((Get-ReplyMessage $reply) -like '*not allowed*' -or (Get-Date) -gt $deadline)
        $reply.Code | Should -Be 'Access-Reject'
        Get-ReplyMessage $reply | Should -Be 'E-mail is not allowed here. Use another method.'
        (Get-RasMfaUser alice).FailedAttempts | Should -Be 0
        Wait-FreshTotpStep
        (Send-Radclient -UserName alice -Password (Get-OathCode -Secret $secret)).Code | Should -Be 'Access-Accept'
    }

    It 'refuses a send limit out of range with InvalidConfiguration' {
        { Set-RasMfaConfiguration -SendLimitPerUser 0 -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidConfiguration,*'
        { Set-RasMfaConfiguration -OutOfBandCodeDigits 5 -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidConfiguration,*'
        (Get-RasMfaConfiguration).SendLimitPerUser | Should -Be 3
    }
}
