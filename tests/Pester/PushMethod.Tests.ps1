# Issue 14: push approval as a method like SMS or e-mail. A user holds it (-Method Push), a client allows it
# (-AllowedMethod ..., Push) and starts it by keyword (-Keyword @{ push='push' }) or autosend, with its own push timeout;
# over radclient, with the approval page on loopback, a webhook stub in a thread job as the user's phone, and the page's
# form posted as the user's browser would.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $env:RASMFA_DATABASE = New-TestDatabasePath
    $script:port = Get-FreeUdpPort
    $script:secretText = 'push-method-shared-secret-0123456789'
    $script:server = "127.0.0.1:$port"

    function Get-FreeTcpPort {
        $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $probe.Start()
        try { $probe.LocalEndpoint.Port } finally { $probe.Stop() }
    }

    function Send-Radclient([string] $UserName, [string] $Password, [string] $State, [double] $TimeoutSeconds = 5) {
        $attributes = @("User-Name = `"$UserName`"", "User-Password = `"$Password`"", 'Message-Authenticator = 0x00')
        if ($State) { $attributes += "State = $State" }
        Invoke-Radclient -Server $server -Command auth -Secret $secretText -Attributes $attributes -TimeoutSeconds $TimeoutSeconds
    }

    function Get-ReplyMessage($Reply) { ($Reply.Attributes | Where-Object { $_ -like 'Reply-Message = *' }) -replace '^Reply-Message = "(.*)"$', '$1' }
    function Get-ReplyState($Reply) { ($Reply.Attributes | Where-Object { $_ -like 'State = *' }) -replace '^State = ', '' }

    # The webhook: every body posted to it, kept in a queue this runspace reads.
    $script:hookPort = Get-FreeTcpPort
    $script:received = [System.Collections.Concurrent.ConcurrentQueue[string]]::new()
    $script:hookListener = [System.Net.HttpListener]::new()
    $hookListener.Prefixes.Add("http://127.0.0.1:$hookPort/")
    $hookListener.Start()
    # Ends when AfterAll stops the listener (GetContext then throws).
    $script:hook = Start-ThreadJob -ArgumentList $hookListener, $received -ScriptBlock {
        param($Listener, $Queue)
        while ($Listener.IsListening) {
            $context = $Listener.GetContext()
            $reader = [System.IO.StreamReader]::new($context.Request.InputStream)
            $Queue.Enqueue($reader.ReadToEnd())
            $context.Response.StatusCode = 200
            $context.Response.Close()
        }
    }
    $script:pagePort = Get-FreeTcpPort

    Set-RasMfaPushProvider -Url "http://127.0.0.1:$hookPort/" -AllowHttp -Body '{"user":"{user}","link":"{link}"}'
    Set-RasMfaApprovalPage -SelfSignedLoopback -Port $pagePort -PublicUrl "https://127.0.0.1:$pagePort/"
    Add-RasMfaRadiusClient -Name ras -Address 127.0.0.1 -SharedSecret (ConvertTo-TestSecret $secretText) `
        -AllowedMethod Totp, Push -Keyword @{ push = 'push' } -EmptyPasswordAction StartDefault -PushTimeoutSeconds 10
    New-RasMfaUser -UserName carol | Out-Null
    New-RasMfaUser -UserName dave | Out-Null
    $script:daveSecret = (Register-RasMfaTotp -UserName dave).Secret
    Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1
}

AfterAll {
    Stop-RasMfaRadiusServer -ErrorAction SilentlyContinue
    $hookListener.Stop()
    $hookListener.Close()
    Remove-Job $hook -Force -ErrorAction SilentlyContinue
    Remove-Item (Split-Path $env:RASMFA_DATABASE) -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:RASMFA_DATABASE
}

Describe 'Push as a user''s and a client''s method' {
    It 'holds push as a user''s method and default, without a phone number or mail address' {
        $carol = Set-RasMfaUser carol -Method Push -DefaultMethod Push -PassThru
        $carol.Methods | Should -Be @('Push')
        $carol.DefaultMethod | Should -Be 'Push'
    }

    It 'shows the client''s push method, keyword and timeout, and a new client allows no push' {
        $ras = Get-RasMfaRadiusClient ras
        $ras.AllowedMethod | Should -Be @('Totp', 'Push')
        $ras.Keyword['push'] | Should -Be 'push'
        $ras.PushTimeoutSeconds | Should -Be 10
        $vpn = Add-RasMfaRadiusClient -Name vpn -Address 192.0.2.9 -SharedSecret (ConvertTo-TestSecret $secretText) -PassThru
        $vpn.AllowedMethod | Should -Not -Contain 'Push'
        $vpn.PushTimeoutSeconds | Should -BeNullOrEmpty
    }

    It 'refuses a push timeout RAS would not wait for with InvalidPushTimeout, and $null gives the server''s back' {
        Set-RasMfaRadiusClient vpn -PushTimeoutSeconds 60 -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'InvalidPushTimeout,*'
        (Set-RasMfaRadiusClient vpn -PushTimeoutSeconds 30 -PassThru).PushTimeoutSeconds | Should -Be 30
        (Set-RasMfaRadiusClient vpn -PushTimeoutSeconds $null -PassThru).PushTimeoutSeconds | Should -BeNullOrEmpty
        { Add-RasMfaRadiusClient -Name short -Address 192.0.2.10 -SharedSecret (ConvertTo-TestSecret $secretText) -PushTimeoutSeconds 4 -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidPushTimeout,*'
    }

    It 'has no PushIsDefaultMethod setting any more' {
        (Get-Command Set-RasMfaConfiguration).Parameters.Keys | Should -Not -Contain 'PushIsDefaultMethod'
        (Get-RasMfaConfiguration).PSObject.Properties.Name | Should -Not -Contain 'PushIsDefaultMethod'
    }
}

Describe 'Push over radclient' {
    It 'starts push on the keyword in any case, and the number picked on the page answers the held round with Accept, audited as Push' {
        $first = Send-Radclient -UserName carol -Password 'PUSH'
        $first.Code | Should -Be 'Access-Challenge' -Because $first.Output
        (Get-ReplyMessage $first) -match 'pick (\d\d)' | Should -BeTrue
        $number = $Matches[1]
        $body = $null
        $deadline = (Get-Date).AddSeconds(5)
        while (-not $received.TryDequeue([ref] $body) -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 100 }
        $link = ($body | ConvertFrom-Json).link
        $link | Should -BeLike "https://127.0.0.1:$pagePort/approve/*"

        Invoke-WebRequest -Uri $link -Method Post -Body @{ number = $number } -SkipCertificateCheck | Out-Null
        $second = Send-Radclient -UserName carol -Password '' -State (Get-ReplyState $first) -TimeoutSeconds 12

        $second.Code | Should -Be 'Access-Accept' -Because $second.Output
        (Get-RasMfaAuthenticationLog -UserName carol -Last 1).Method | Should -BeLike 'Push*'
        (Get-RasMfaUser carol).FailedAttempts | Should -Be 0
    }

    It 'starts push at once on an empty password (autosend) for a user whose default is push' {
        $first = Send-Radclient -UserName carol -Password ''
        $first.Code | Should -Be 'Access-Challenge' -Because $first.Output
        Get-ReplyMessage $first | Should -Match 'pick \d\d'
    }

    It 'answers the keyword from a user without push as for the other methods, and lets them sign in with the app' {
        $reply = Send-Radclient -UserName dave -Password 'push'
        $reply.Code | Should -Be 'Access-Reject'
        Get-ReplyMessage $reply | Should -Be 'Push approval is not available for this account.'
        Wait-FreshTotpStep
        (Send-Radclient -UserName dave -Password (Get-OathCode -Secret $daveSecret)).Code | Should -Be 'Access-Accept'
    }

    It 'answers the keyword at a client that no longer allows push plainly' {
        Set-RasMfaRadiusClient ras -AllowedMethod Totp
        $deadline = (Get-Date).AddSeconds(10)
        do {
            Start-Sleep -Milliseconds 300
            $reply = Send-Radclient -UserName carol -Password 'push'
        } until ((Get-ReplyMessage $reply) -like '*not allowed*' -or (Get-Date) -gt $deadline)
        $reply.Code | Should -Be 'Access-Reject'
        Get-ReplyMessage $reply | Should -Be 'Push approval is not allowed here. Use another method.'
    }
}
