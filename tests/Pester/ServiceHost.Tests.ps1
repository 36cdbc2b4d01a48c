# The service host (out/RasMfa/service/net8.0) as a process under a fake service manager: this test binds the Unix datagram
# socket systemd would (NOTIFY_SOCKET) and reads what the host tells it. The client's first factor is an upstream RADIUS
# server played by this test, so that a login can be held in flight, deterministically, while the host is told to stop.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $script:hostDll = Join-Path (Split-Path $env:RASMFA_MODULE) 'service/net8.0/RasMfa.Service.dll'
    $env:RASMFA_DATABASE = New-TestDatabasePath
    $script:folder = Split-Path $env:RASMFA_DATABASE
    $script:secretText = 'service-host-shared-secret-01234'
    $script:upstreamSecret = [System.Text.Encoding]::UTF8.GetBytes('service-host-upstream-secret-0123')
    $script:upstream = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, 0))
    $script:upstreamPort = $upstream.Client.LocalEndPoint.Port
    Add-RasMfaUpstreamRadiusServer -Name stand-in -Address 127.0.0.1 -Port $upstreamPort -SharedSecret (ConvertTo-SecureString 'service-host-upstream-secret-0123' -AsPlainText -Force) -TimeoutSeconds 10 -Retries 0
    Add-RasMfaRadiusClient -Name ras -Address 127.0.0.1 -SharedSecret (ConvertTo-TestSecret $secretText) -FirstFactor UpstreamRadius -UpstreamServer stand-in
    New-RasMfaUser alice | Out-Null
    $script:aliceSecret = (Register-RasMfaTotp alice).Secret

    <# A Unix datagram socket where the host's sd_notify messages arrive, as systemd's would. #>
    function New-NotifySocket {
        $path = Join-Path '/tmp' ('rasmfa-notify-' + [guid]::NewGuid().ToString('N').Substring(0, 8) + '.sock')
        $socket = [System.Net.Sockets.Socket]::new([System.Net.Sockets.AddressFamily]::Unix, [System.Net.Sockets.SocketType]::Dgram, [System.Net.Sockets.ProtocolType]::Unspecified)
        $socket.Bind([System.Net.Sockets.UnixDomainSocketEndPoint]::new($path))
        [pscustomobject]@{ Socket = $socket; Path = $path }
    }

    <# The next sd_notify message, or $null when none comes within the wait (or the host has exited and none is queued). #>
    function Receive-Notification($Notify, [int] $Seconds = 60, $HostProcess) {
        $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
        while ([DateTime]::UtcNow -lt $deadline) {
            if ($Notify.Socket.Poll(100000, [System.Net.Sockets.SelectMode]::SelectRead)) {
                $buffer = [byte[]]::new(4096)
                $count = $Notify.Socket.Receive($buffer)
                return [System.Text.Encoding]::UTF8.GetString($buffer, 0, $count).Trim()
            }
            if ($HostProcess -and $HostProcess.HasExited) { return $null }
        }
        $null
    }

    <# Starts the host as systemd would (NOTIFY_SOCKET in its environment), on 127.0.0.1:$Port; its output goes to files. #>
    function Start-ServiceHost([int] $Port, $Notify, [hashtable] $Environment = @{}) {
        $out = Join-Path $folder "host-$Port.out"
        $err = Join-Path $folder "host-$Port.err"
        $process = Start-Process dotnet -ArgumentList $hostDll, '--port', $Port, '--address', '127.0.0.1', '--metrics-address', 'off' -Environment (@{ NOTIFY_SOCKET = $Notify.Path } + $Environment) `
            -RedirectStandardOutput $out -RedirectStandardError $err -PassThru
        $null = $process.Handle  # keeps the exit code readable after the process ends
        [pscustomobject]@{ Process = $process; Output = $out; Error = $err }
    }

    function Get-HostOutput($ServiceHost) { (Get-Content $ServiceHost.Output -Raw -ErrorAction SilentlyContinue) + (Get-Content $ServiceHost.Error -Raw -ErrorAction SilentlyContinue) }

    function Stop-ServiceHost($ServiceHost) {
        if ($ServiceHost -and -not $ServiceHost.Process.HasExited) {
            & kill -TERM $ServiceHost.Process.Id
            if (-not $ServiceHost.Process.WaitForExit(20000)) { & kill -9 $ServiceHost.Process.Id }
        }
    }

    <# radclient in a process of its own, so that this test can answer as the upstream server meanwhile. #>
    function Start-Radclient([int] $Port, [string[]] $Attributes, [string] $Command = 'auth', [string] $Secret = $secretText, [int] $Seconds = 15) {
        $start = [System.Diagnostics.ProcessStartInfo]::new('radclient')
        foreach ($argument in '-x', '-r', '1', '-t', $Seconds, "127.0.0.1:$Port", $Command, $Secret) { $start.ArgumentList.Add($argument) }
        $start.RedirectStandardInput = $true
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $process = [System.Diagnostics.Process]::Start($start)
        $process.StandardInput.WriteLine(($Attributes + 'Message-Authenticator = 0x00') -join ', ')
        $process.StandardInput.Close()
        $process
    }

    <# What radclient received: the reply's code (or $null), its State, and all it printed. #>
    function Wait-Radclient($Process) {
        $output = $Process.StandardOutput.ReadToEnd() + $Process.StandardError.ReadToEnd()
        $Process.WaitForExit()
        $code = if ($output -match 'Received (Access-\w+) Id') { $Matches[1] } else { $null }
        $state = if ($output -match '(?m)^\s+State = (0x[0-9a-f]+)') { $Matches[1] } else { $null }
        [pscustomobject]@{ Code = $code; State = $state; Output = $output }
    }

    <# The upstream server's side: the next request the host forwards (bytes and sender), or $null after the wait. #>
    function Receive-UpstreamRequest([int] $Seconds = 20) {
        $upstream.Client.ReceiveTimeout = $Seconds * 1000
        $from = [System.Net.IPEndPoint]::new([System.Net.IPAddress]::Any, 0)
        try { $bytes = $upstream.Receive([ref]$from) } catch [System.Net.Sockets.SocketException] { return $null }
        [pscustomobject]@{ Bytes = $bytes; From = $from }
    }

    <# Answers a forwarded request with Access-Accept, signed as RFC 2865 and 3579 say (Message-Authenticator first). #>
    function Send-UpstreamAccept($Request) {
        $reply = [byte[]]::new(38)
        $reply[0] = 2; $reply[1] = $Request.Bytes[1]; $reply[3] = 38
        [Array]::Copy($Request.Bytes, 4, $reply, 4, 16)
        $reply[20] = 80; $reply[21] = 18
        $mac = [System.Security.Cryptography.HMACMD5]::new($upstreamSecret).ComputeHash($reply)
        [Array]::Copy($mac, 0, $reply, 22, 16)
        $authenticator = [System.Security.Cryptography.MD5]::Create().ComputeHash([byte[]]($reply + $upstreamSecret))
        [Array]::Copy($authenticator, 0, $reply, 4, 16)
        [void]$upstream.Send($reply, $reply.Length, $Request.From)
    }

    <# A login as RAS makes it: the password (checked upstream, answered Accept here), then the code in the challenge's State. #>
    function Invoke-TwoStepLogin([int] $Port, [string] $User, [string] $Password, [string] $TotpSecret) {
        $first = Start-Radclient -Port $Port -Attributes "User-Name = `"$User`"", "User-Password = `"$Password`""
        $forwarded = Receive-UpstreamRequest
        if ($forwarded) { Send-UpstreamAccept $forwarded }
        $challenge = Wait-Radclient $first
        Wait-FreshTotpStep
        $code = Get-OathCode -Secret $TotpSecret
        $second = Wait-Radclient (Start-Radclient -Port $Port -Attributes "User-Name = `"$User`"", "User-Password = `"$code`"", "State = $($challenge.State)")
        [pscustomobject]@{ Challenge = $challenge; Answer = $second; Code = $code }
    }

    <# The host's output once it has a line matching $Pattern (the console logger writes from a queue: after the answer may be sent). #>
    function Wait-HostOutput($ServiceHost, [string] $Pattern, [int] $Seconds = 10) {
        $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
        while ((Get-HostOutput $ServiceHost) -notmatch $Pattern -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        Get-HostOutput $ServiceHost
    }
}

AfterAll {
    $upstream.Dispose()
    Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:RASMFA_DATABASE
}

Describe 'The service host under a service manager' {
    BeforeAll {
        $script:port = Get-FreeUdpPort
        $script:notify = New-NotifySocket
        $script:service = Start-ServiceHost -Port $port -Notify $notify
        # What the host says first, and whether its port was bound at that moment.
        $script:firstNotification = Receive-Notification $notify -HostProcess $service.Process
        $script:bindWhenReady = try {
            [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, $port)).Dispose(); 'free'
        } catch [System.Net.Sockets.SocketException] { $_.Exception.SocketErrorCode.ToString() }
    }

    AfterAll {
        Stop-ServiceHost $service
        $notify.Socket.Dispose()
        Remove-Item $notify.Path -ErrorAction SilentlyContinue
    }

    It 'sends READY=1 only once its UDP port is bound, and answers Status-Server then' {
        $firstNotification | Should -Be 'READY=1' -Because (Get-HostOutput $service)
        $bindWhenReady | Should -Be 'AddressAlreadyInUse' -Because 'the port must already be the host''s when READY=1 arrives'
        $status = Invoke-Radclient -Server "127.0.0.1:$port" -Command status -Secret $secretText -Attributes 'Message-Authenticator = 0x00'
        $status.Code | Should -Be 'Access-Accept' -Because $status.Output
    }

    It 'logs through the host, in the systemd format' {
        $output = Get-HostOutput $service
        $output | Should -Match "<6>RasMfa\.Radius\[1000\] Listening on 127\.0\.0\.1:$port"
        # One ListenerStarted line per start: an alert or a count of restarts by event id sees each start once.
        ([regex]::Matches($output, '\[1000\]')).Count | Should -Be 1 -Because $output
    }

    It 'accepts a login: the password checked upstream, then the code' {
        $first = Start-Radclient -Port $port -Attributes 'User-Name = "alice"', 'User-Password = "wonderland"'
        $forwarded = Receive-UpstreamRequest
        $forwarded | Should -Not -BeNullOrEmpty -Because 'the host forwards the password to its upstream server'
        Send-UpstreamAccept $forwarded
        $challenge = Wait-Radclient $first
        $challenge.Code | Should -Be 'Access-Challenge' -Because $challenge.Output
        Wait-FreshTotpStep
        $second = Wait-Radclient (Start-Radclient -Port $port -Attributes 'User-Name = "alice"', "User-Password = `"$(Get-OathCode -Secret $aliceSecret)`"", "State = $($challenge.State)")
        $second.Code | Should -Be 'Access-Accept' -Because $second.Output
    }

    It 'logs each decision at information with its event id, for journalctl to filter (docs/operations.md, Event ids)' {
        $output = Wait-HostOutput $service 'RasMfa\.Mfa\[2000\]'
        $output | Should -Match '(?m)^<6>RasMfa\.Mfa\[2002\] Challenge alice at ras \(127\.0\.0\.1\)'
        $output | Should -Match '(?m)^<6>RasMfa\.Mfa\[2000\] Accept alice at ras \(127\.0\.0\.1\)'
    }

    It 'logs a packet it discards as a warning, priority 4, with its event id' {
        # A known client's address with the wrong secret: its Message-Authenticator does not verify, the packet is dropped.
        $dropped = Wait-Radclient (Start-Radclient -Port $port -Attributes 'User-Name = "alice"', 'User-Password = "wonderland"' -Secret 'not-the-shared-secret-000000000' -Seconds 1)
        $dropped.Code | Should -BeNullOrEmpty -Because 'a packet that does not verify gets no answer'
        Wait-HostOutput $service 'RasMfa\.Radius\[5000\]' | Should -Match '(?m)^<4>RasMfa\.Radius\[5000\] Discarded a packet from 127\.0\.0\.1:\d+: BadMessageAuthenticator'
    }

    It 'on SIGTERM sends STOPPING=1, answers the login in flight, and exits 0' {
        $inFlight = Start-Radclient -Port $port -Attributes 'User-Name = "alice"', 'User-Password = "wonderland"'
        # The host waits on the upstream server for this login's password: it is in flight until we answer.
        $forwarded = Receive-UpstreamRequest
        $forwarded | Should -Not -BeNullOrEmpty
        & kill -TERM $service.Process.Id
        Receive-Notification $notify -Seconds 20 | Should -Be 'STOPPING=1'
        Send-UpstreamAccept $forwarded
        $answer = Wait-Radclient $inFlight
        $answer.Code | Should -Be 'Access-Challenge' -Because "the drain answers a login in flight: $($answer.Output)"
        $service.Process.WaitForExit(20000) | Should -BeTrue
        $service.Process.ExitCode | Should -Be 0 -Because (Get-HostOutput $service)
        Get-HostOutput $service | Should -Match '<6>RasMfa\.Radius\[1001\] Stopped\.'
    }
}

Describe 'The service host when it cannot listen' {
    It 'exits non-zero with a clear line and never sends READY=1 when its port is taken' {
        $taken = [System.Net.Sockets.UdpClient]::new([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, 0))
        $notify = New-NotifySocket
        try {
            $port = $taken.Client.LocalEndPoint.Port
            $service = Start-ServiceHost -Port $port -Notify $notify
            $service.Process.WaitForExit(60000) | Should -BeTrue -Because 'the host gives up at once'
            $service.Process.ExitCode | Should -Be 3 -Because (Get-HostOutput $service)
            Get-HostOutput $service | Should -Match "Not started: Cannot listen on UDP port $port on 127\.0\.0\.1: .*\(AddressAlreadyInUse\)"
            Receive-Notification $notify -Seconds 1 | Should -BeNullOrEmpty
        }
        finally {
            Stop-ServiceHost $service
            $taken.Dispose()
            $notify.Socket.Dispose()
            Remove-Item $notify.Path -ErrorAction SilentlyContinue
        }
    }

    It 'exits with code 2 and names the setting when the port is not one' {
        $notify = New-NotifySocket
        try {
            $service = Start-ServiceHost -Port 70000 -Notify $notify
            $service.Process.WaitForExit(60000) | Should -BeTrue
            $service.Process.ExitCode | Should -Be 2
            Get-HostOutput $service | Should -Match "The port '70000' \(--port, Listener:Port\) is not a UDP port from 1 to 65535"
            Receive-Notification $notify -Seconds 1 | Should -BeNullOrEmpty
        }
        finally {
            Stop-ServiceHost $service
            $notify.Socket.Dispose()
            Remove-Item $notify.Path -ErrorAction SilentlyContinue
        }
    }
}

Describe 'The service host''s log never holds a secret' {
    It 'logs a login, at every level down to Trace, without its password, code, shared secrets or TOTP secret' {
        $port = Get-FreeUdpPort
        $notify = New-NotifySocket
        $password = 'Wonderland-Password-7f3a9c'
        # A user of its own: alice's codes of this time step were used by the tests above, and a code is good once.
        New-RasMfaUser carol | Out-Null
        $carolSecret = (Register-RasMfaTotp carol).Secret
        try {
            $service = Start-ServiceHost -Port $port -Notify $notify -Environment @{ Logging__LogLevel__Default = 'Trace' }
            Receive-Notification $notify -HostProcess $service.Process | Should -Be 'READY=1' -Because (Get-HostOutput $service)
            $login = Invoke-TwoStepLogin -Port $port -User carol -Password $password -TotpSecret $carolSecret
            $login.Answer.Code | Should -Be 'Access-Accept' -Because $login.Answer.Output
            Stop-ServiceHost $service
            $output = Get-HostOutput $service
            # The log did say something of this login, at every level it was allowed: the check below is not of an empty file.
            $output | Should -Match '(?m)^<6>RasMfa\.Mfa\[2000\] Accept carol'
            $output | Should -Match '(?m)^<7>' -Because 'Trace and Debug lines were written'
            foreach ($secret in $password, $secretText, 'service-host-upstream-secret-0123', $carolSecret) {
                $output.Contains($secret) | Should -BeFalse -Because "the log must not hold '$secret'"
            }
            $output | Should -Not -Match "(?<!\d)$($login.Code)(?!\d)" -Because 'the code is a secret until it is used'
            $output | Should -Not -Match ([regex]::Escape([Convert]::ToHexString([System.Text.Encoding]::UTF8.GetBytes($password)))) -Because 'nor the password in hex'

        }
        finally {
            Stop-ServiceHost $service
            $notify.Socket.Dispose()
            Remove-Item $notify.Path -ErrorAction SilentlyContinue
        }
    }
}
