# Test-RasMfaAuthentication against a real FreeRADIUS server: it must agree with radclient on every outcome.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $script:secretText = 'freeradius-shared-secret-2024'
    $script:secret = ConvertTo-TestSecret $secretText
    $script:port = Get-FreeUdpPort
    $script:freeRadius = Start-FreeRadiusServer -Port $port -Secret $secretText -Users @{ alice = 'wonderland' } -ChallengeUser carol -ChallengeAnswer '654321'

    function Test-Both([string] $UserName, [string] $Password, [ValidateSet('Pap', 'Chap')] [string] $Encoding) {
        $field = if ($Encoding -eq 'Chap') { 'CHAP-Password' } else { 'User-Password' }
        $radclient = Invoke-Radclient -Server "127.0.0.1:$port" -Command auth -Secret $secretText -Attributes "User-Name = `"$UserName`"", "$field = `"$Password`"", 'Message-Authenticator = 0x00'
        $ours = Test-RasMfaAuthentication -Server 127.0.0.1 -Port $port -SharedSecret $secret -UserName $UserName -Password (ConvertTo-TestSecret $Password) -Encoding $Encoding
        [pscustomobject]@{ Radclient = $radclient.Code -replace '-', ''; Ours = $ours.Code; Result = $ours }
    }
}

AfterAll {
    Stop-FreeRadiusServer $freeRadius
}

Describe 'Test-RasMfaAuthentication against FreeRADIUS' {
    It 'agrees with radclient: <Encoding> with the right password is accepted' -ForEach @(@{ Encoding = 'Pap' }, @{ Encoding = 'Chap' }) {
        $both = Test-Both -UserName alice -Password wonderland -Encoding $Encoding
        $both.Ours | Should -Be 'AccessAccept'
        $both.Ours | Should -Be $both.Radclient
        $both.Result.Accepted | Should -BeTrue
    }

    It 'agrees with radclient: <Encoding> with a wrong password is rejected' -ForEach @(@{ Encoding = 'Pap' }, @{ Encoding = 'Chap' }) {
        $both = Test-Both -UserName alice -Password 'looking-glass' -Encoding $Encoding
        $both.Ours | Should -Be 'AccessReject'
        $both.Ours | Should -Be $both.Radclient
    }

    It 'returns $true and $false with -Quiet' {
        Test-RasMfaAuthentication -Server 127.0.0.1 -Port $port -SharedSecret $secret -UserName alice -Password (ConvertTo-TestSecret wonderland) -Quiet | Should -BeTrue
        Test-RasMfaAuthentication -Server 127.0.0.1 -Port $port -SharedSecret $secret -UserName alice -Password (ConvertTo-TestSecret nope) -Quiet | Should -BeFalse
    }

    It 'answers an Access-Challenge from -Response, sending the State back, and reports two round trips' {
        $result = Test-RasMfaAuthentication -Server 127.0.0.1 -Port $port -SharedSecret $secret -UserName carol -Password (ConvertTo-TestSecret first) -Response '654321'
        $result.Code | Should -Be 'AccessAccept'
        $result.RoundTrips | Should -Be 2
    }

    It 'stops at the challenge when no response is given, showing its Reply-Message and State' {
        $result = Test-RasMfaAuthentication -Server 127.0.0.1 -Port $port -SharedSecret $secret -UserName carol -Password (ConvertTo-TestSecret first) -Response @()
        $result.Code | Should -Be 'AccessChallenge'
        $result.ReplyMessage | Should -Be 'Enter the code'
        $result.State | Should -Be '72617366'
    }

    It 'answers Status-Server like radclient' {
        $radclient = Invoke-Radclient -Server "127.0.0.1:$port" -Command status -Secret $secretText -Attributes 'Message-Authenticator = 0x00'
        $radclient.Code | Should -Be 'Access-Accept'
        Test-RasMfaAuthentication -Server 127.0.0.1 -Port $port -SharedSecret $secret -StatusServer -Quiet | Should -BeTrue
    }

    It 'refuses replies signed with another secret: RadiusReplyNotTrusted' {
        # No real server answers a request it cannot verify, so a responder here signs its Access-Accept with a
        # different secret, as a misconfigured or spoofing server would.
        $responder = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, 0))
        $responderPort = $responder.Client.LocalEndPoint.Port
        $engineTypes = (Get-EngineType Radius.RadiusPacket), (Get-EngineType Radius.RadiusCode), (Get-EngineType Radius.PacketSigner)
        $job = Start-ThreadJob -ArgumentList (@($responder) + $engineTypes) -ScriptBlock {
            param($udp, $packetType, $codeType, $signerType)
            $remote = [System.Net.IPEndPoint]::new([System.Net.IPAddress]::Any, 0)
            $udp.Client.ReceiveTimeout = 5000
            $request = $udp.Receive([ref]$remote)
            $authenticator = [byte[]]$request[4..19]
            $reply = $packetType::new($codeType::AccessAccept, $request[1], [byte[]]::new(16))
            $bytes = $signerType::EncodeResponse($reply, $authenticator, [System.Text.Encoding]::UTF8.GetBytes('some-other-secret-entirely'))
            [void]$udp.Send($bytes, $bytes.Length, $remote)
        }
        try {
            { Test-RasMfaAuthentication -Server 127.0.0.1 -Port $responderPort -SharedSecret $secret -UserName alice -Password (ConvertTo-TestSecret wonderland) -TimeoutSeconds 1 -Retries 0 -ErrorAction Stop } |
                Should -Throw -ErrorId 'RadiusReplyNotTrusted,*'
        }
        finally {
            $job | Wait-Job -Timeout 10 | Receive-Job -ErrorAction SilentlyContinue | Out-Null
            $job | Remove-Job -Force
            $responder.Dispose()
        }
    }
}
