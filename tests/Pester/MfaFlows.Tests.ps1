# The RAS flows end to end: a user enrolled through the module logs in through radclient and
# Test-RasMfaAuthentication with codes computed here from the secret Register-RasMfaTotp returned.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $env:RASMFA_DATABASE = New-TestDatabasePath
    $script:port = Get-FreeUdpPort
    $script:secretText = 'mfa-flows-shared-secret-0123456789'
    $script:secretBytes = [System.Text.Encoding]::UTF8.GetBytes($secretText)
    $script:server = "127.0.0.1:$port"
    Add-RasMfaRadiusClient -Name ras -Address 127.0.0.1 -SharedSecret (ConvertTo-TestSecret $secretText)
    Set-RasMfaConfiguration -LockoutThreshold 3
    Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1

    function New-EnrolledUser([string] $Name) {
        New-RasMfaUser -UserName $Name | Out-Null
        (Register-RasMfaTotp -UserName $Name).Secret
    }

    function Send-Radclient([string] $UserName, [string] $Password, [string] $State, [switch] $Chap) {
        $field = if ($Chap) { 'CHAP-Password' } else { 'User-Password' }
        $attributes = @("User-Name = `"$UserName`"", "$field = `"$Password`"", 'Message-Authenticator = 0x00')
        if ($State) { $attributes += "State = $State" }
        Invoke-Radclient -Server $server -Command auth -Secret $secretText -Attributes $attributes
    }

    function Get-ReplyState($Reply) { ($Reply.Attributes | Where-Object { $_ -like 'State = *' }) -replace '^State = ', '' }

    function Get-LastReason([string] $UserName) { (Get-RasMfaAuthenticationLog -UserName $UserName -Last 1).Reason }
}

AfterAll {
    Stop-RasMfaRadiusServer -ErrorAction SilentlyContinue
    Remove-Item (Split-Path $env:RASMFA_DATABASE) -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:RASMFA_DATABASE
}

Describe 'Code only (RAS checked the password)' {
    BeforeAll { $script:aliceSecret = New-EnrolledUser alice }

    It 'accepts the current code, with Message-Authenticator first, and rejects the same code again as a replay' {
        Wait-FreshTotpStep
        $code = Get-OathCode -Secret $aliceSecret
        $reply = Send-Radclient -UserName alice -Password $code
        $reply.Code | Should -Be 'Access-Accept' -Because $reply.Output
        $reply.Attributes[0] | Should -Match '^Message-Authenticator = 0x'
        (Send-Radclient -UserName alice -Password $code).Code | Should -Be 'Access-Reject'
        Get-LastReason alice | Should -Be 'replayed code'
    }

    It 'rejects a code two steps old' {
        $secret = New-EnrolledUser bob
        (Send-Radclient -UserName bob -Password (Get-OathCode -Secret $secret -StepOffset -2)).Code | Should -Be 'Access-Reject'
        Get-LastReason bob | Should -Be 'wrong code'
    }

    It 'accepts a code sent with CHAP' {
        $secret = New-EnrolledUser chap
        Wait-FreshTotpStep
        $reply = Send-Radclient -UserName chap -Password (Get-OathCode -Secret $secret) -Chap
        $reply.Code | Should -Be 'Access-Accept' -Because $reply.Output
        (Get-RasMfaAuthenticationLog -UserName chap -Last 1).Method | Should -Be 'TOTP/CHAP'
    }

    It 'finds the user from DOMAIN\name and name@suffix' {
        $secret = New-EnrolledUser dora
        Wait-FreshTotpStep
        (Send-Radclient -UserName 'CORP\dora' -Password (Get-OathCode -Secret $secret)).Code | Should -Be 'Access-Accept'
        (Send-Radclient -UserName 'dora@corp.example' -Password (Get-OathCode -Secret $secret -StepOffset 1)).Code | Should -Be 'Access-Accept'
    }
}

Describe 'Username only, then the code in a second round' {
    BeforeAll { $script:erinSecret = New-EnrolledUser erin }

    It 'challenges with a State and the prompt, then accepts the code sent with that State' {
        $first = Send-Radclient -UserName erin -Password ''
        $first.Code | Should -Be 'Access-Challenge' -Because $first.Output
        $first.Attributes | Should -Contain 'Reply-Message = "Enter the code from your authenticator app"'
        $state = Get-ReplyState $first
        $state | Should -Match '^0x[0-9a-f]{32}$'
        Wait-FreshTotpStep
        $second = Send-Radclient -UserName erin -Password (Get-OathCode -Secret $erinSecret) -State $state
        $second.Code | Should -Be 'Access-Accept' -Because $second.Output
    }

    It 'answers a retransmitted first round with the same State' {
        $authenticator = [byte[]]::new(16)
        [System.Security.Cryptography.RandomNumberGenerator]::Create().GetBytes($authenticator)
        $packet = (Get-EngineType Radius.RadiusPacket)::new((Get-EngineType Radius.RadiusCode)::AccessRequest, 9, $authenticator)
        [void]$packet.Add((Get-EngineType Radius.RadiusAttribute)::FromText(1, 'erin'))
        [void]$packet.Add((Get-EngineType Radius.RadiusAttribute)::new(2, (Get-EngineType Radius.PapPassword)::Hide([byte[]]@(), $secretBytes, $authenticator)))
        $request = (Get-EngineType Radius.PacketSigner)::EncodeRequest($packet, $secretBytes)
        $replies = Send-RawDatagram -Port $port -Datagrams @($request, $request) -OneAtATime -WaitMilliseconds 1000
        $replies.Count | Should -Be 2
        $replies[0][0] | Should -Be 11
        [Convert]::ToBase64String($replies[1]) | Should -Be ([Convert]::ToBase64String($replies[0]))
    }

    It 'rejects a State that belongs to another user' {
        $secret = New-EnrolledUser fred
        $fredsState = Get-ReplyState (Send-Radclient -UserName fred -Password '')
        (Send-Radclient -UserName erin -Password (Get-OathCode -Secret $erinSecret -StepOffset 1) -State $fredsState).Code | Should -Be 'Access-Reject'
        Get-LastReason erin | Should -Be 'state of another user or client'
    }

    It 'rejects a State used twice or unknown' {
        $state = Get-ReplyState (Send-Radclient -UserName erin -Password '')
        (Send-Radclient -UserName erin -Password '000000' -State $state).Code | Should -Be 'Access-Challenge'
        (Send-Radclient -UserName erin -Password '000000' -State $state).Code | Should -Be 'Access-Reject'
        Get-LastReason erin | Should -Be 'unknown state'
        Unlock-RasMfaUser erin
    }

    It 'rejects an expired State' {
        Set-RasMfaConfiguration -ChallengeLifetimeSeconds 10
        Start-Sleep -Seconds 2
        $state = Get-ReplyState (Send-Radclient -UserName erin -Password '')
        Start-Sleep -Seconds 11
        (Send-Radclient -UserName erin -Password (Get-OathCode -Secret $erinSecret) -State $state).Code | Should -Be 'Access-Reject'
        Get-LastReason erin | Should -Be 'expired state'
        Set-RasMfaConfiguration -ChallengeLifetimeSeconds 120
    }

    It 'works from Test-RasMfaAuthentication with -Response, in two round trips' {
        $secret = New-EnrolledUser gina
        Wait-FreshTotpStep
        $result = Test-RasMfaAuthentication -Server 127.0.0.1 -Port $port -SharedSecret (ConvertTo-TestSecret $secretText) -UserName gina -Password ([securestring]::new()) -Response (Get-OathCode -Secret $secret)
        $result.Code | Should -Be 'AccessAccept'
        $result.RoundTrips | Should -Be 2
        $result.MessageAuthenticatorValid | Should -BeTrue
    }

    It 'gives an unknown user a challenge too, and answers its wrong codes as a real user''s, try after try, so user names cannot be probed' {
        $secret = New-EnrolledUser kate
        Wait-FreshTotpStep
        $wrong = '{0:D6}' -f (([int](Get-OathCode -Secret $secret) + 500000) % 1000000)
        $answers = foreach ($name in 'kate', 'nobody') {
            $reply = Send-Radclient -UserName $name -Password ''
            $seen = @()
            while ($true) {
                # What an observer sees, less the values random either way (State, and the Message-Authenticator over it).
                $seen += "$($reply.Code): " + (($reply.Attributes | ForEach-Object { $_ -replace '^(State|Message-Authenticator) = .*', '$1' }) -join '; ')
                if ($reply.Code -ne 'Access-Challenge' -or $seen.Count -gt 10) { break }
                $reply = Send-Radclient -UserName $name -Password $wrong -State (Get-ReplyState $reply)
            }
            , $seen
        }
        $answers[0].Count | Should -Be 4 -Because ($answers[0] -join "`n")
        $answers[0][1] | Should -BeLike '*Wrong code.*'
        ($answers[1] -join "`n") | Should -Be ($answers[0] -join "`n")
        Get-LastReason nobody | Should -BeLike 'unknown user*decoy*'
    }
}

Describe 'Lockout' {
    It 'locks after the threshold, rejects the right code while locked, and Unlock-RasMfaUser clears it' {
        $secret = New-EnrolledUser hank
        1..2 | ForEach-Object { (Send-Radclient -UserName hank -Password '000000').Code | Should -Be 'Access-Reject' }
        (Send-Radclient -UserName hank -Password '000001').Code | Should -Be 'Access-Reject'
        Get-LastReason hank | Should -Be 'wrong code, user now locked'
        (Get-RasMfaUser hank).Locked | Should -BeTrue
        Wait-FreshTotpStep
        (Send-Radclient -UserName hank -Password (Get-OathCode -Secret $secret)).Code | Should -Be 'Access-Reject'
        Get-LastReason hank | Should -Be 'locked'
        $unlocked = Unlock-RasMfaUser hank -PassThru
        $unlocked.Locked | Should -BeFalse
        $unlocked.FailedAttempts | Should -Be 0
        (Send-Radclient -UserName hank -Password (Get-OathCode -Secret $secret -StepOffset 1)).Code | Should -Be 'Access-Accept'
    }

    It 'keeps the failure count across a listener restart' {
        New-EnrolledUser ivan | Out-Null
        (Send-Radclient -UserName ivan -Password '000000').Code | Should -Be 'Access-Reject'
        Stop-RasMfaRadiusServer
        Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1
        (Get-RasMfaUser ivan).FailedAttempts | Should -Be 1
    }
}

Describe 'Policy changes reach the running listener' {
    It 'lets an unknown user through when the client stops requiring a user match, and says so in the log' {
        (Send-Radclient -UserName stranger -Password 'x').Code | Should -Be 'Access-Reject'
        Set-RasMfaRadiusClient -Name ras -RequireUserMatch $false -WarningAction SilentlyContinue
        Start-Sleep -Milliseconds 2000
        (Send-Radclient -UserName stranger -Password 'x').Code | Should -Be 'Access-Accept'
        Get-LastReason stranger | Should -Match 'without MFA'
        Set-RasMfaRadiusClient -Name ras -RequireUserMatch $true
        Start-Sleep -Milliseconds 2000
        (Send-Radclient -UserName stranger -Password 'x').Code | Should -Be 'Access-Reject'
    }

    It 'rejects a user disabled while the listener runs, from another PowerShell process, within 2 seconds' {
        $secret = New-EnrolledUser judy
        # Waited for before the clock starts: the second process takes a few seconds, and the code must stay current.
        Wait-FreshTotpStep -Seconds 15
        Invoke-SecondPowerShell "Import-Module '$env:RASMFA_MODULE'; Disable-RasMfaUser -UserName judy"
        $disabled = [DateTime]::UtcNow
        (Send-Radclient -UserName judy -Password (Get-OathCode -Secret $secret)).Code | Should -Be 'Access-Reject'
        ([DateTime]::UtcNow - $disabled).TotalSeconds | Should -BeLessThan 2 -Because 'users are read for every request'
        Get-LastReason judy | Should -Be 'disabled user'
    }

    It 'never writes a code into the audit log' {
        $everything = Get-RasMfaAuthenticationLog | ForEach-Object { "$($_.UserName) $($_.Reason) $($_.Method) $($_.ClientName)" }
        $everything | Should -Not -Match '\b\d{6}\b'
        (Get-RasMfaAuthenticationLog -Result Accept).Count | Should -BeGreaterThan 3
    }
}

Describe 'User names with terminal escapes and bidi overrides (issue 11, item 13)' {
    It 'shows them escaped in Get-RasMfaAuthenticationLog and Get-RasMfaRadiusServer -Log, never raw' {
        $raw = "evil$([char]0x1b)[2J$([char]0x202e)admin"
        $shown = 'evil\x1b[2J\u202eadmin'
        $reply = Test-RasMfaAuthentication -Server 127.0.0.1 -Port $port -SharedSecret (ConvertTo-TestSecret $secretText) -UserName $raw -Password (ConvertTo-TestSecret '123456')
        $reply.Code | Should -Be 'AccessReject'

        $record = Get-RasMfaAuthenticationLog -UserName $raw -Last 1
        $record.UserName | Should -BeExactly $shown
        (Get-RasMfaAuthenticationLog -UserName $shown -Last 1).Id | Should -Be $record.Id -Because 'the name as shown finds the record'

        $lines = @(Get-RasMfaRadiusServer -Log | Where-Object Message -like '*evil*' | ForEach-Object Message)
        $lines.Count | Should -BeGreaterThan 0
        $lines | ForEach-Object { $_.Contains($shown) | Should -BeTrue -Because $_ }
        ($lines -join '') | Should -Not -Match "[\x1b\u202e]"
        "$(Get-RasMfaAuthenticationLog | ForEach-Object UserName)" | Should -Not -Match "[\x00-\x1f\u202e]"
    }
}

Describe 'User names spelt otherwise, and names or codes that are not clean text (issue 11, items 1 and 2)' {
    BeforeAll {
        $script:lukaszSecret = New-EnrolledUser 'łukasz'
        Set-RasMfaRadiusClient -Name ras -RequireUserMatch $false -WarningAction SilentlyContinue
        Start-Sleep -Milliseconds 2000
    }

    AfterAll {
        Set-RasMfaRadiusClient -Name ras -RequireUserMatch $true
        Start-Sleep -Milliseconds 2000
    }

    It 'asks ŁUKASZ for the code of łukasz, though the client lets unknown users through' {
        $first = Send-Radclient -UserName 'ŁUKASZ' -Password ''
        $first.Code | Should -Be 'Access-Challenge' -Because $first.Output
        Get-LastReason 'łukasz' | Should -Be 'code requested'
        (Send-Radclient -UserName 'ŁUKASZ' -Password '000000').Code | Should -Not -Be 'Access-Accept'
        Wait-FreshTotpStep
        (Send-Radclient -UserName 'ŁUKASZ' -Password (Get-OathCode -Secret $lukaszSecret)).Code | Should -Be 'Access-Accept'
    }

    It 'refuses a name with an invisible or control character, rather than let it through as unknown' {
        foreach ($name in "łukasz$([char]0x200b)", "łukasz$([char]0)") {
            $reply = Test-RasMfaAuthentication -Server 127.0.0.1 -Port $port -SharedSecret (ConvertTo-TestSecret $secretText) -UserName $name -Password (ConvertTo-TestSecret '123456')
            $reply.Code | Should -Be 'AccessReject'
            (Get-RasMfaAuthenticationLog -Last 1).Reason | Should -BeLike 'malformed user name*'
        }
    }

    It 'refuses a code with a NUL in it' {
        $reply = Test-RasMfaAuthentication -Server 127.0.0.1 -Port $port -SharedSecret (ConvertTo-TestSecret $secretText) -UserName stranger -Password (ConvertTo-TestSecret "123$([char]0)456")
        $reply.Code | Should -Be 'AccessReject'
        Get-LastReason stranger | Should -Be 'malformed password: contains a control character'
    }

    It 'treats ŁUKASZ and łukasz as one user in the cmdlets' {
        (Get-RasMfaUser -UserName 'ŁUKASZ').UserName | Should -BeExactly 'łukasz'
        { New-RasMfaUser -UserName 'ŁUKASZ' -ErrorAction Stop } | Should -Throw -ErrorId 'DuplicateRasMfaUser*'
        $import = @([pscustomobject]@{ UserName = 'ŁUKASZ'; DisplayName = 'Łukasz' }) | Import-RasMfaUser
        @(Get-RasMfaUser | Where-Object UserName -in 'łukasz', 'ŁUKASZ').Count | Should -Be 1
        (Get-RasMfaUser -UserName 'łukasz').DisplayName | Should -Be 'Łukasz'
    }
}
