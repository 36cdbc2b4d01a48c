# The listener as FreeRADIUS's radclient sees it: correct, BlastRADIUS-safe, and never knocked over by bad packets.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $env:RASMFA_DATABASE = New-TestDatabasePath
    $script:port = Get-FreeUdpPort
    $script:secretText = 'listener-test-secret-0123456789'
    $script:secretBytes = [System.Text.Encoding]::UTF8.GetBytes($secretText)
    $script:server = "127.0.0.1:$port"
    Add-RasMfaRadiusClient -Name loopback -Address 127.0.0.1 -SharedSecret (ConvertTo-TestSecret $secretText)
    Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1, ::1

    function Get-Dropped([string] $Reason) { (Get-SessionListenerStatus).Counters.DroppedByReason[$Reason] }

    function New-SignedAccessRequest([byte] $Identifier, [string] $UserName = 'alice') {
        $authenticator = [byte[]]::new(16)
        [System.Security.Cryptography.RandomNumberGenerator]::Create().GetBytes($authenticator)
        $packet = (Get-EngineType Radius.RadiusPacket)::new((Get-EngineType Radius.RadiusCode)::AccessRequest, $Identifier, $authenticator)
        [void]$packet.Add((Get-EngineType Radius.RadiusAttribute)::FromText(1, $UserName))
        $hidden = (Get-EngineType Radius.PapPassword)::Hide([System.Text.Encoding]::UTF8.GetBytes('123456'), $secretBytes, $authenticator)
        [void]$packet.Add((Get-EngineType Radius.RadiusAttribute)::new(2, $hidden))
        , (Get-EngineType Radius.PacketSigner)::EncodeRequest($packet, $secretBytes)
    }
}

AfterAll {
    Stop-RasMfaRadiusServer -ErrorAction SilentlyContinue
    Remove-Item (Split-Path $env:RASMFA_DATABASE) -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:RASMFA_DATABASE
}

Describe 'The RADIUS listener, through radclient' {
    It 'reports where it listens and that it runs' {
        $status = Get-SessionListenerStatus
        $status.Running | Should -BeTrue
        ($status.Endpoints | ForEach-Object ToString) | Should -Contain "127.0.0.1:$port"
        ($status.Endpoints | ForEach-Object ToString) | Should -Contain "[::1]:$port"
        $status.ClientCount | Should -Be 1
        # Its id on the store (new at every start), and no answer taken from another server: it is alone on its store.
        $status.ServerId | Should -Match '^[0-9a-f]{16}$'
        $status.DecidedElsewhere | Should -Be 0
        $status.ClaimsTakenOver | Should -Be 0
        # On a SQLite store, the store's clock is this machine's.
        $status.StoreClockOffset | Should -Be ([TimeSpan]::Zero)
    }

    It 'answers a signed Status-Server with Access-Accept' {
        $reply = Invoke-Radclient -Server $server -Command status -Secret $secretText -Attributes 'Message-Authenticator = 0x00'
        $reply.Code | Should -Be 'Access-Accept' -Because $reply.Output
        (Get-SessionListenerStatus).Counters.StatusServer | Should -BeGreaterThan 0
    }

    It 'does not answer an unsigned Status-Server, and counts it' {
        $before = Get-Dropped MissingMessageAuthenticator
        $reply = Invoke-Radclient -Server $server -Command status -Secret $secretText -Attributes 'NAS-Identifier = "probe"' -Retries 1 -TimeoutSeconds 0.3
        $reply.Code | Should -BeNullOrEmpty
        Get-Dropped MissingMessageAuthenticator | Should -Be ($before + 1)
    }

    It 'answers an Access-Request with an Access-Reject that carries only Message-Authenticator, first' {
        $before = (Get-SessionListenerStatus).Counters.Rejected
        $reply = Invoke-Radclient -Server $server -Command auth -Secret $secretText -Attributes 'User-Name = "alice"', 'User-Password = "123456"', 'Message-Authenticator = 0x00'
        $reply.Code | Should -Be 'Access-Reject' -Because $reply.Output
        $reply.Attributes.Count | Should -Be 1
        $reply.Attributes[0] | Should -Match '^Message-Authenticator = 0x[0-9a-f]{32}$'
        (Get-SessionListenerStatus).Counters.Rejected | Should -Be ($before + 1)
    }

    It 'answers CHAP requests too' {
        $reply = Invoke-Radclient -Server $server -Command auth -Secret $secretText -Attributes 'User-Name = "alice"', 'CHAP-Password = "123456"', 'Message-Authenticator = 0x00'
        $reply.Code | Should -Be 'Access-Reject' -Because $reply.Output
    }

    It 'copies Proxy-State into the reply, in order, after Message-Authenticator' {
        $reply = Invoke-Radclient -Server $server -Command auth -Secret $secretText -Attributes 'User-Name = "alice"', 'User-Password = "x"', 'Proxy-State = 0x0a', 'Proxy-State = 0x0b0c', 'Message-Authenticator = 0x00'
        $reply.Attributes | Should -Be @($reply.Attributes[0], 'Proxy-State = 0x0a', 'Proxy-State = 0x0b0c')
        $reply.Attributes[0] | Should -Match '^Message-Authenticator'
    }

    It 'gives no answer to a wrong shared secret, and counts it' {
        $before = Get-Dropped BadMessageAuthenticator
        $reply = Invoke-Radclient -Server $server -Command auth -Secret 'not-the-right-secret-at-all' -Attributes 'User-Name = "alice"', 'User-Password = "x"', 'Message-Authenticator = 0x00' -Retries 1 -TimeoutSeconds 0.3
        $reply.Code | Should -BeNullOrEmpty
        Get-Dropped BadMessageAuthenticator | Should -Be ($before + 1)
    }

    It 'gives no answer to a request without Message-Authenticator when the client must sign, and counts it' {
        $before = Get-Dropped MissingMessageAuthenticator
        $reply = Invoke-Radclient -Server $server -Command auth -Secret $secretText -Attributes 'User-Name = "alice"', 'User-Password = "x"' -Retries 1 -TimeoutSeconds 0.3
        $reply.Code | Should -BeNullOrEmpty
        Get-Dropped MissingMessageAuthenticator | Should -Be ($before + 1)
    }

    It 'gives no answer to an address that is no client, and counts it' {
        $before = Get-Dropped UnknownClient
        $reply = Invoke-Radclient -Server "[::1]:$port" -Command auth -Secret $secretText -Attributes 'User-Name = "alice"', 'User-Password = "x"', 'Message-Authenticator = 0x00' -Retries 1 -TimeoutSeconds 0.3
        $reply.Code | Should -BeNullOrEmpty
        Get-Dropped UnknownClient | Should -Be ($before + 1)
    }

    It 'answers a retransmission with byte-identical bytes' {
        $request = New-SignedAccessRequest -Identifier 77
        $before = (Get-SessionListenerStatus).Counters
        $replies = Send-RawDatagram -Port $port -Datagrams @($request, $request) -WaitMilliseconds 1000 -OneAtATime
        $replies.Count | Should -Be 2
        [Convert]::ToBase64String($replies[1]) | Should -Be ([Convert]::ToBase64String($replies[0]))
        $after = (Get-SessionListenerStatus).Counters
        $after.Duplicates | Should -Be ($before.Duplicates + 1)
        $after.Requests | Should -Be ($before.Requests + 1)
    }

    It 'drops a burst of malformed packets, counting each, and answers the next good request' {
        $before = (Get-SessionListenerStatus).Counters.DroppedByReason
        $random = [System.Random]::new(5080)
        $burst = New-Object System.Collections.Generic.List[byte[]]
        for ($i = 0; $i -lt 50; $i++) {
            $short = [byte[]]::new($random.Next(0, 20)); $random.NextBytes($short); $burst.Add($short)
            $lying = [byte[]]::new(40); $random.NextBytes($lying); $lying[2] = 1; $lying[3] = 0; $burst.Add($lying)
            $badAttribute = New-SignedAccessRequest -Identifier $i; $badAttribute[21] = 0; $burst.Add($badAttribute)
            $unknownCode = New-SignedAccessRequest -Identifier $i; $unknownCode[0] = 99; $burst.Add($unknownCode)
        }
        $replies = Send-RawDatagram -Port $port -Datagrams $burst.ToArray() -WaitMilliseconds 300
        $replies.Count | Should -Be 0
        $reply = Invoke-Radclient -Server $server -Command auth -Secret $secretText -Attributes 'User-Name = "alice"', 'User-Password = "x"', 'Message-Authenticator = 0x00'
        $reply.Code | Should -Be 'Access-Reject'
        $after = (Get-SessionListenerStatus).Counters.DroppedByReason
        ($after.BadLength - $before.BadLength) | Should -Be 100
        ($after.MalformedAttributes - $before.MalformedAttributes) | Should -Be 50
        ($after.UnknownCode - $before.UnknownCode) | Should -Be 50
    }

    It 'serves a client added from a second PowerShell process within 2 seconds, without a restart' {
        $reply = Invoke-Radclient -Server "[::1]:$port" -Command auth -Secret 'second-process-secret-0123' -Attributes 'User-Name = "bob"', 'User-Password = "x"', 'Message-Authenticator = 0x00' -Retries 1 -TimeoutSeconds 0.3
        $reply.Code | Should -BeNullOrEmpty
        Invoke-SecondPowerShell "Import-Module '$env:RASMFA_MODULE'; Add-RasMfaRadiusClient -Name ipv6-loopback -Address ::1 -SharedSecret (ConvertTo-SecureString 'second-process-secret-0123' -AsPlainText -Force)"
        $added = [DateTime]::UtcNow
        do {
            $reply = Invoke-Radclient -Server "[::1]:$port" -Command auth -Secret 'second-process-secret-0123' -Attributes 'User-Name = "bob"', 'User-Password = "x"', 'Message-Authenticator = 0x00' -Retries 1 -TimeoutSeconds 0.15
        } until ($reply.Code -or ([DateTime]::UtcNow - $added).TotalSeconds -gt 5)
        $reply.Code | Should -Be 'Access-Reject'
        ([DateTime]::UtcNow - $added).TotalSeconds | Should -BeLessOrEqual 2.5
    }

    It 'stops answering a client removed from this session within 2 seconds' {
        Remove-RasMfaRadiusClient -Name ipv6-loopback -Confirm:$false
        Start-Sleep -Seconds 2
        $reply = Invoke-Radclient -Server "[::1]:$port" -Command auth -Secret 'second-process-secret-0123' -Attributes 'User-Name = "bob"', 'User-Password = "x"', 'Message-Authenticator = 0x00' -Retries 1 -TimeoutSeconds 0.3
        $reply.Code | Should -BeNullOrEmpty
    }
}

Describe 'Test-RasMfaAuthentication against RasMfa' {
    It 'gets the same Access-Reject as radclient, with a valid Message-Authenticator' {
        $result = Test-RasMfaAuthentication -Server 127.0.0.1 -Port $port -SharedSecret (ConvertTo-TestSecret $secretText) -UserName alice -Password (ConvertTo-TestSecret '123456')
        $result.Code | Should -Be 'AccessReject'
        $result.Accepted | Should -BeFalse
        $result.MessageAuthenticatorValid | Should -BeTrue
        $result.RoundTrips | Should -Be 1
    }

    It 'checks Status-Server with -Quiet' {
        Test-RasMfaAuthentication -Server 127.0.0.1 -Port $port -SharedSecret (ConvertTo-TestSecret $secretText) -StatusServer -Quiet | Should -BeTrue
    }

    It 'reports Timeout when the secret is wrong, since RasMfa answers nothing it cannot verify' {
        $result = Test-RasMfaAuthentication -Server 127.0.0.1 -Port $port -SharedSecret (ConvertTo-TestSecret 'a-wrong-secret-for-this') -UserName alice -TimeoutSeconds 1 -Retries 0
        $result.Code | Should -Be 'Timeout'
    }
}

Describe 'Starting and stopping' {
    It 'refuses a second listener in the same process with ServerAlreadyRunning' {
        { Start-RasMfaRadiusServer -Port (Get-FreeUdpPort) -LocalAddress 127.0.0.1 -ErrorAction Stop } | Should -Throw -ErrorId 'ServerAlreadyRunning,*'
    }

    It 'stops, frees the port, and refuses a port in use with ListenFailed' {
        Stop-RasMfaRadiusServer
        (Get-SessionListenerStatus).Running | Should -BeFalse
        $reply = Invoke-Radclient -Server $server -Command status -Secret $secretText -Attributes 'Message-Authenticator = 0x00' -Retries 1 -TimeoutSeconds 0.3
        $reply.Code | Should -BeNullOrEmpty
        $blocker = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, $port))
        try {
            { Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1 -ErrorAction Stop } | Should -Throw -ErrorId 'ListenFailed,*'
        }
        finally { $blocker.Dispose() }
        Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1
        (Get-SessionListenerStatus).Running | Should -BeTrue
        Stop-RasMfaRadiusServer
        Stop-RasMfaRadiusServer -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'ServerNotRunning,*'
    }
}
