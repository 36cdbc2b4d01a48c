# The password checked by a real upstream RADIUS server (FreeRADIUS standing in for NPS), then the code here.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $env:RASMFA_DATABASE = New-TestDatabasePath
    $script:upstreamSecret = 'upstream-nps-shared-secret-2024'
    $script:upstreamPort = Get-FreeUdpPort
    $script:deadPort = Get-FreeUdpPort
    # 'live' signs its replies, as NPS does once updated against BlastRADIUS; 'unsigned' does not, as an old server.
    $script:freeRadius = Start-FreeRadiusServer -Port $upstreamPort -Secret $upstreamSecret -Users @{ alice = 'wonderland'; bob = 'builder' } -UserReplies @{ alice = 'Class := "ras-users"' } -SignReplies
    $script:unsignedPort = Get-FreeUdpPort
    $script:unsignedRadius = Start-FreeRadiusServer -Port $unsignedPort -Secret $upstreamSecret -Users @{ alice = 'wonderland' }
    Add-RasMfaUpstreamRadiusServer -Name dead -Address 127.0.0.1 -Port $deadPort -SharedSecret (ConvertTo-TestSecret $upstreamSecret) -TimeoutSeconds 1 -Retries 0
    Add-RasMfaUpstreamRadiusServer -Name live -Address 127.0.0.1 -Port $upstreamPort -SharedSecret (ConvertTo-TestSecret $upstreamSecret) -TimeoutSeconds 2 -Retries 0
    Add-RasMfaUpstreamRadiusServer -Name unsigned -Address 127.0.0.1 -Port $unsignedPort -SharedSecret (ConvertTo-TestSecret $upstreamSecret) -TimeoutSeconds 1 -Retries 0

    $script:port = Get-FreeUdpPort
    $script:secretText = 'ras-to-rasmfa-shared-secret-0123'
    Add-RasMfaRadiusClient -Name ras -Address 127.0.0.1 -SharedSecret (ConvertTo-TestSecret $secretText) -FirstFactor UpstreamRadius -UpstreamServer dead, live -PassUpstreamAttributes
    Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1
    New-RasMfaUser alice | Out-Null
    $script:aliceSecret = (Register-RasMfaTotp alice).Secret

    function Send-Radclient([string] $UserName, [string] $Password, [string] $State) {
        $attributes = @("User-Name = `"$UserName`"", "User-Password = `"$Password`"", 'Message-Authenticator = 0x00')
        if ($State) { $attributes += "State = $State" }
        Invoke-Radclient -Server "127.0.0.1:$port" -Command auth -Secret $secretText -Attributes $attributes -TimeoutSeconds 5
    }
}

AfterAll {
    Stop-RasMfaRadiusServer -ErrorAction SilentlyContinue
    Stop-FreeRadiusServer $freeRadius
    Stop-FreeRadiusServer $unsignedRadius
    Remove-Item (Split-Path $env:RASMFA_DATABASE) -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:RASMFA_DATABASE
}

Describe 'Password then code, with FreeRADIUS as the first factor' {
    It 'fails over from a dead upstream, challenges after the right password, and passes the upstream Class on with the Accept' {
        (Get-RasMfaUpstreamRadiusServer live).RequireMessageAuthenticator | Should -BeTrue -Because 'signed replies are required by default'
        $started = [DateTime]::UtcNow
        $first = Send-Radclient -UserName alice -Password wonderland
        $first.Code | Should -Be 'Access-Challenge' -Because $first.Output
        ([DateTime]::UtcNow - $started).TotalSeconds | Should -BeGreaterOrEqual 1 -Because 'the dead server gets its 1 s first'
        $state = ($first.Attributes | Where-Object { $_ -like 'State = *' }) -replace '^State = ', ''
        Wait-FreshTotpStep
        $second = Send-Radclient -UserName alice -Password (Get-OathCode -Secret $aliceSecret) -State $state
        $second.Code | Should -Be 'Access-Accept' -Because $second.Output
        $second.Attributes | Should -Contain "Class = 0x$(-join ([Text.Encoding]::ASCII.GetBytes('ras-users') | ForEach-Object { $_.ToString('x2') }))"
        $second.Attributes[0] | Should -Match '^Message-Authenticator'
    }

    It 'rejects a wrong password without asking for a code, and counts it' {
        (Send-Radclient -UserName alice -Password 'looking-glass').Code | Should -Be 'Access-Reject'
        (Get-RasMfaAuthenticationLog -UserName alice -Last 1).Reason | Should -Be 'password rejected by live'
        (Get-RasMfaUser alice).FailedAttempts | Should -Be 1
    }

    It 'rejects a user the upstream knows but RasMfa does not, like a wrong password' {
        (Send-Radclient -UserName bob -Password builder).Code | Should -Be 'Access-Reject'
        (Get-RasMfaAuthenticationLog -UserName bob -Last 1).Reason | Should -Be 'unknown user'
        (Send-Radclient -UserName carol -Password anything).Code | Should -Be 'Access-Reject'
    }

    It 'works from Test-RasMfaAuthentication, password then -Response' {
        Wait-FreshTotpStep
        $result = Test-RasMfaAuthentication -Server 127.0.0.1 -Port $port -SharedSecret (ConvertTo-TestSecret $secretText) -UserName alice -Password (ConvertTo-TestSecret wonderland) -Response (Get-OathCode -Secret $aliceSecret -StepOffset 1) -TimeoutSeconds 5
        $result.Code | Should -Be 'AccessAccept'
        $result.RoundTrips | Should -Be 2
        $result.Attributes.Key | Should -Contain 'Class'
    }

    It 'takes password and code in one field in Appended mode' {
        Set-RasMfaRadiusClient -Name ras -OtpMode Appended
        New-RasMfaUser bob | Out-Null
        $bobSecret = (Register-RasMfaTotp bob).Secret
        Start-Sleep -Milliseconds 2000
        Wait-FreshTotpStep
        $reply = Send-Radclient -UserName bob -Password ("builder" + (Get-OathCode -Secret $bobSecret))
        $reply.Code | Should -Be 'Access-Accept' -Because $reply.Output
        (Send-Radclient -UserName bob -Password 'builder000000').Code | Should -Be 'Access-Reject'
        (Get-RasMfaAuthenticationLog -UserName bob -Last 1).Reason | Should -Be 'wrong code'
        Set-RasMfaRadiusClient -Name ras -OtpMode Challenge
    }

    It 'rejects, and logs why, when no upstream answers' {
        Set-RasMfaRadiusClient -Name ras -UpstreamServer dead
        Start-Sleep -Milliseconds 2000
        (Send-Radclient -UserName alice -Password wonderland).Code | Should -Be 'Access-Reject'
        (Get-RasMfaAuthenticationLog -UserName alice -Last 1).Reason | Should -Match '^first factor unavailable: dead: no answer'
        Set-RasMfaRadiusClient -Name ras -UpstreamServer dead, live
    }
}

Describe 'An upstream server that does not sign its replies (BlastRADIUS)' {
    It 'is not trusted by default: its Accept is ignored, the login rejected, and the audit log and counters say why' {
        Set-RasMfaRadiusClient -Name ras -UpstreamServer unsigned
        Start-Sleep -Milliseconds 2000
        (Send-Radclient -UserName alice -Password wonderland).Code | Should -Be 'Access-Reject'
        (Get-RasMfaAuthenticationLog -UserName alice -Last 1).Reason | Should -Match '^first factor unavailable: unsigned: replies carried no Message-Authenticator'
        (Get-SessionListenerStatus).UpstreamRepliesIgnored['MissingMessageAuthenticator'] | Should -BeGreaterOrEqual 1
        (Get-RasMfaRadiusServer -Log).Message -join "`n" | Should -Match 'Ignored a reply from upstream RADIUS server unsigned: MissingMessageAuthenticator.*KB5040268'
    }

    It 'can be told from one that signs with Test-RasMfaAuthentication, as the help says' {
        $unsigned = Test-RasMfaAuthentication -Server 127.0.0.1 -Port $unsignedPort -SharedSecret (ConvertTo-TestSecret $upstreamSecret) -UserName alice -Password (ConvertTo-TestSecret wonderland)
        $signed = Test-RasMfaAuthentication -Server 127.0.0.1 -Port $upstreamPort -SharedSecret (ConvertTo-TestSecret $upstreamSecret) -UserName alice -Password (ConvertTo-TestSecret wonderland)
        ($unsigned.Code, $unsigned.MessageAuthenticatorValid) | Should -Be @('AccessAccept', $false)
        ($signed.Code, $signed.MessageAuthenticatorValid) | Should -Be @('AccessAccept', $true)
    }

    It 'is trusted again only when the admin turns the requirement off for it, with a warning' {
        Set-RasMfaUpstreamRadiusServer -Name unsigned -RequireMessageAuthenticator $false -WarningVariable warned -WarningAction SilentlyContinue
        $warned[0] | Should -Match 'BlastRADIUS'
        (Get-RasMfaUpstreamRadiusServer unsigned).RequireMessageAuthenticator | Should -BeFalse
        Start-Sleep -Milliseconds 2000
        (Send-Radclient -UserName alice -Password wonderland).Code | Should -Be 'Access-Challenge'
        Set-RasMfaUpstreamRadiusServer -Name unsigned -RequireMessageAuthenticator $true
        Set-RasMfaRadiusClient -Name ras -UpstreamServer dead, live
        Start-Sleep -Milliseconds 2000
    }
}

Describe 'A password with a NUL (issue 11, item 1)' {
    It 'is refused before it reaches the upstream server, which would have rejected or cut it' {
        $reply = Test-RasMfaAuthentication -Server 127.0.0.1 -Port $port -SharedSecret (ConvertTo-TestSecret $secretText) -UserName alice -Password (ConvertTo-TestSecret "$([char]0)x")
        $reply.Code | Should -Be 'AccessReject'
        (Get-RasMfaAuthenticationLog -UserName alice -Last 1).Reason | Should -Be 'malformed password: contains a control character' -Because 'the upstream was never asked: its answer would be "password rejected by live"'
        $reply = Test-RasMfaAuthentication -Server 127.0.0.1 -Port $port -SharedSecret (ConvertTo-TestSecret $secretText) -UserName alice -Password (ConvertTo-TestSecret "wonderland$([char]0)x")
        $reply.Code | Should -Be 'AccessReject'
        (Get-RasMfaAuthenticationLog -UserName alice -Last 1).Reason | Should -BeLike 'malformed password*'
    }
}

Describe 'Managing upstream servers' {
    It 'never shows a secret, and refuses to remove a server a client uses' {
        (Get-RasMfaUpstreamRadiusServer live | Format-List * | Out-String) | Should -Not -Match ([regex]::Escape($upstreamSecret))
        Remove-RasMfaUpstreamRadiusServer -Name live -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'UpstreamRadiusServerInUse,*'
    }

    It 'refuses a client whose first factor names no server or an unknown one' {
        Add-RasMfaRadiusClient -Name vpn -Address 192.0.2.1 -SharedSecret (ConvertTo-TestSecret $secretText) -FirstFactor UpstreamRadius -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'UpstreamServerRequired,*'
        Add-RasMfaRadiusClient -Name vpn -Address 192.0.2.1 -SharedSecret (ConvertTo-TestSecret $secretText) -FirstFactor UpstreamRadius -UpstreamServer nps9 -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'UpstreamRadiusServerNotFound,*'
    }
}
