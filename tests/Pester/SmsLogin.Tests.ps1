# Issue 14's acceptance for SMS: a login over radclient whose code goes out through the HTTP gateway set by
# Set-RasMfaSmsProvider (an HttpListener on loopback, answered from a thread job while radclient waits); the test reads
# the code from what the gateway received and logs in with it.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $env:RASMFA_DATABASE = New-TestDatabasePath
    $script:port = Get-FreeUdpPort
    $script:secretText = 'sms-login-shared-secret-0123456789'
    Add-RasMfaRadiusClient -Name ras -Address 127.0.0.1 -SharedSecret (ConvertTo-TestSecret $secretText) -AllowedMethod Totp, Sms -Keyword @{ sms = 'sms' }
    New-RasMfaUser alice | Out-Null
    Set-RasMfaUser alice -PhoneNumber '+15550100101' -Method Sms -DefaultMethod Sms

    $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $probe.Start(); $script:gatewayPort = $probe.LocalEndpoint.Port; $probe.Stop()
    $script:listener = [System.Net.HttpListener]::new()
    $listener.Prefixes.Add("http://127.0.0.1:$gatewayPort/")
    $listener.Start()
    Set-RasMfaSmsProvider -HttpGateway -Url "http://127.0.0.1:$gatewayPort/api/sms" -AllowHttp -ContentType Json -Body '{"to":"{phone}","text":"{message}"}' `
        -Header @{ 'X-Api-Key' = '{secret}' } -Secret (ConvertTo-TestSecret 'gateway-api-key') -WarningAction SilentlyContinue
    Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1

    function Send-Radclient([string] $Password, [string] $State) {
        $attributes = @('User-Name = "alice"', "User-Password = `"$Password`"", 'Message-Authenticator = 0x00')
        if ($State) { $attributes += "State = $State" }
        Invoke-Radclient -Server "127.0.0.1:$port" -Command auth -Secret $secretText -Attributes $attributes -TimeoutSeconds 10
    }

    # The gateway takes one request and answers it with $Status, handing back what it received.
    function Start-Gateway([int] $Status = 200) {
        Start-ThreadJob -ArgumentList $listener, $Status -ScriptBlock {
            param($listener, $status)
            $arriving = $listener.GetContextAsync()
            if (-not $arriving.Wait(20000)) { throw 'The gateway got no request within 20 s.' }
            $context = $arriving.Result
            $body = [System.IO.StreamReader]::new($context.Request.InputStream, [System.Text.Encoding]::UTF8).ReadToEnd()
            $key = $context.Request.Headers['X-Api-Key']
            $context.Response.StatusCode = $status
            $context.Response.Close()
            [pscustomobject]@{ Body = $body; Key = $key }
        }
    }

    function Get-ReplyMessage($Reply) { ($Reply.Attributes | Where-Object { $_ -like 'Reply-Message = *' }) -replace '^Reply-Message = "(.*)"$', '$1' }
}

AfterAll {
    Stop-RasMfaRadiusServer -ErrorAction SilentlyContinue
    $listener.Close()
    Remove-Item (Split-Path $env:RASMFA_DATABASE) -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:RASMFA_DATABASE
}

Describe 'An SMS login through the HTTP gateway' {
    It 'sends the code to the user''s phone through the gateway on the keyword, and accepts that code' {
        $gateway = Start-Gateway
        $challenge = Send-Radclient -Password 'sms'
        $received = $gateway | Wait-Job -Timeout 25 | Receive-Job
        Remove-Job $gateway -Force

        $challenge.Code | Should -Be 'Access-Challenge' -Because $challenge.Output
        $received.Key | Should -Be 'gateway-api-key'
        $sms = $received.Body | ConvertFrom-Json
        $sms.to | Should -Be '+15550100101'
        $code = [regex]::Match($sms.text, '\b\d{6,8}\b').Value
        $code | Should -Not -BeNullOrEmpty -Because "the SMS reads: $($sms.text)"
        $state = ($challenge.Attributes | Where-Object { $_ -like 'State = *' }) -replace '^State = ', ''

        $answer = Send-Radclient -Password $code -State $state
        $answer.Code | Should -Be 'Access-Accept' -Because $answer.Output
    }

    It 'answers a gateway failure with a Reject that says the SMS could not be sent, and audits the gateway''s status' {
        $gateway = Start-Gateway -Status 503
        $reply = Send-Radclient -Password 'sms'
        $gateway | Wait-Job -Timeout 25 | Out-Null
        Remove-Job $gateway -Force

        $reply.Code | Should -Be 'Access-Reject' -Because $reply.Output
        Get-ReplyMessage $reply | Should -BeLike '*could not be sent*'
        (Get-RasMfaAuthenticationLog -UserName alice -Last 1).Reason | Should -BeLike '*503*'
    }
}
