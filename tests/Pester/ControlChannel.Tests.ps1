# The control channel: a listener in another PowerShell process, and the service host, seen from this session through
# their control sockets (Get-RasMfaRadiusServer, -Log, -Follow); the socket's owner-only mode and peer check (a client run
# as the user nobody is refused), a line past the limit, and a killed listener's leftover socket.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $env:RASMFA_DATABASE = New-TestDatabasePath
    $script:folder = Split-Path $env:RASMFA_DATABASE
    $script:secretText = 'control-channel-shared-secret-0123'
    Add-RasMfaRadiusClient -Name ras -Address 127.0.0.1 -SharedSecret (ConvertTo-TestSecret $secretText)
    New-RasMfaUser alice | Out-Null
    $script:aliceSecret = (Register-RasMfaTotp alice).Secret
    New-RasMfaUser bob | Out-Null
    $script:bobSecret = (Register-RasMfaTotp bob).Secret

    function Send-Code([int] $Port, [string] $UserName, [string] $Secret) {
        Invoke-Radclient -Server "127.0.0.1:$Port" -Command auth -Secret $secretText -TimeoutSeconds 5 `
            -Attributes "User-Name = `"$UserName`"", "User-Password = `"$(Get-OathCode -Secret $Secret)`"", 'Message-Authenticator = 0x00'
    }

    <# Sends raw octets to a control socket as this user and returns all it answered until it closed the connection. #>
    function Invoke-ControlSocket([string] $Path, [byte[]] $Request) {
        $socket = [System.Net.Sockets.Socket]::new([System.Net.Sockets.AddressFamily]::Unix, [System.Net.Sockets.SocketType]::Stream, [System.Net.Sockets.ProtocolType]::Unspecified)
        try {
            $socket.ReceiveTimeout = 15000
            $socket.Connect([System.Net.Sockets.UnixDomainSocketEndPoint]::new($Path))
            try { [void]$socket.Send($Request) } catch [System.Net.Sockets.SocketException] { }
            $received = [System.IO.MemoryStream]::new()
            $buffer = [byte[]]::new(65536)
            while ($true) {
                try { $count = $socket.Receive($buffer) } catch [System.Net.Sockets.SocketException] { break }
                if ($count -eq 0) { break }
                $received.Write($buffer, 0, $count)
            }
            [System.Text.Encoding]::UTF8.GetString($received.ToArray())
        }
        finally { $socket.Dispose() }
    }

    <# A status request sent by the user nobody, with Debian's python3 (readable by every user): what it printed. #>
    function Invoke-ControlSocketAsNobody([string] $Path) {
        $client = @'
import socket, sys
s = socket.socket(socket.AF_UNIX)
try:
    s.connect(sys.argv[1])
except OSError as e:
    print("connect failed:", type(e).__name__); sys.exit(0)
try:
    s.sendall(b'{"command":"status"}\n')
except OSError as e:
    pass  # refused before it read the request: its answer is still there to read
data = b''
while True:
    try:
        chunk = s.recv(65536)
    except OSError as e:
        print("recv failed:", type(e).__name__); break
    if not chunk: break
    data += chunk
print(data.decode())
'@
        (& runuser -u nobody -- /usr/bin/python3 -c $client $Path 2>&1) -join "`n"
    }

    function Wait-Until([scriptblock] $Condition, [int] $Seconds = 60) {
        $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
        while (-not (& $Condition)) {
            if ([DateTime]::UtcNow -gt $deadline) { return $false }
            Start-Sleep -Milliseconds 200
        }
        $true
    }

    $script:port = Get-FreeUdpPort
    $script:listener = Start-ListenerProcess -Port $port -Database $env:RASMFA_DATABASE
    $script:listenerId = $listener.Process.Id
}

AfterAll {
    Stop-ListenerProcess $listener
    Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:RASMFA_DATABASE
}

Describe 'A listener in another PowerShell session' {
    It 'is seen from this session with its endpoint, and its counters after a radclient login' {
        (Send-Code -Port $port -UserName alice -Secret $aliceSecret).Code | Should -Be 'Access-Accept'
        $status = Get-RasMfaRadiusServer -ProcessId $listenerId
        $status.Running | Should -BeTrue
        $status.Kind | Should -Be 'Session'
        $status.ProcessId | Should -Be $listenerId
        ($status.Endpoints | ForEach-Object { "$_" }) | Should -Contain "127.0.0.1:$port"
        $status.Counters.Accepted | Should -Be 1
        $status.Database | Should -Be $env:RASMFA_DATABASE
        $status.Uptime | Should -BeGreaterThan ([TimeSpan]::Zero)
        # Listed by the plain command too, beside whatever else runs on this machine; this session runs none.
        $all = @(Get-RasMfaRadiusServer)
        ($all | Where-Object ProcessId -eq $listenerId).Counters.Accepted | Should -Be 1
        $all | Where-Object ProcessId -eq $PID | Should -BeNullOrEmpty
    }

    It '-Log shows its recent log, with the Listening on line' {
        $lines = @(Get-RasMfaRadiusServer -Log -ProcessId $listenerId)
        $lines.Message | Should -Contain "Listening on 127.0.0.1:$port with the store $($env:RASMFA_DATABASE)."
        $lines[0].GetType().FullName | Should -Be 'RasMfa.Engine.Hosting.LogEntry'
        $after = @(Get-RasMfaRadiusServer -Log -ProcessId $listenerId -After $lines[-1].Sequence)
        $after.Count | Should -Be 0
    }

    It '-Log shows each line''s event id (docs/operations.md), in the objects and in the formatted table' {
        $lines = @(Get-RasMfaRadiusServer -Log -ProcessId $listenerId)
        $listening = @($lines | Where-Object Message -like 'Listening on*')[0]
        $listening.EventId | Should -Be 1000
        @($lines | Where-Object EventId -eq 2000).Count | Should -Be 1 -Because "the one accepted login is a LoginAccepted line: $(($lines | ForEach-Object { "[$($_.EventId)] $($_.Message)" }) -join "`n")"
        $table = $listening | Out-String -Width 400
        $table | Should -Match 'EventId'
        $table | Should -Match '\s1000\s+RasMfa\.\S+\s+Listening on'
    }

    It '-Log -Follow writes new lines as they come, until the pipeline is stopped' {
        $id = $listenerId
        $follower = Start-ThreadJob { Import-Module $using:env:RASMFA_MODULE; Get-RasMfaRadiusServer -Log -Follow -ProcessId $using:id }
        try {
            $seen = [System.Collections.Generic.List[object]]::new()
            Wait-Until { $seen.AddRange(@(Receive-Job $follower)); $seen.Count -gt 0 } -Seconds 30 | Should -BeTrue -Because 'the recent lines come first'
            # A datagram too short for RADIUS: dropped, and logged by the listener as it happens.
            $udp = [System.Net.Sockets.UdpClient]::new()
            [void]$udp.Send([byte[]](1, 2, 3), 3, '127.0.0.1', $port)
            $udp.Dispose()
            Wait-Until { $seen.AddRange(@(Receive-Job $follower)); @($seen | Where-Object Message -like '*BadLength*').Count -gt 0 } -Seconds 30 |
                Should -BeTrue -Because ($seen.Message -join "`n")
            $follower.State | Should -Be 'Running' -Because 'it follows until stopped'
            $follower | Stop-Job
            $follower.State | Should -Be 'Stopped' -Because 'a stopped pipeline ends the follow'
        }
        finally { $follower | Remove-Job -Force }
    }

    It 'has a control socket of mode 0600 that refuses a client of another user' -Skip:((& id -u) -ne '0') {
        $path = (Get-RasMfaRadiusServer -ProcessId $listenerId).ControlEndpoint
        $path | Should -Match "/rasmfa-$listenerId\.sock$"
        (& stat -c '%a %U' $path) | Should -Be '600 root'
        # Another user cannot reach it: the folder and the socket are root's alone.
        Invoke-ControlSocketAsNobody $path | Should -Match 'connect failed: PermissionError'
        # Reached another way (a second name in a folder everyone may enter, the mode opened by mistake), the listener
        # itself refuses the peer (SO_PEERCRED: not its user, not root).
        $open = Join-Path (Split-Path (Split-Path $path)) ('rasmfa-peer-test-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        New-Item -ItemType Directory -Path $open | Out-Null
        try {
            & chmod 755 $open
            & ln $path "$open/socket"
            & chmod 666 $path
            $answer = Invoke-ControlSocketAsNobody "$open/socket"
            $answer | Should -Match '"code":"NotAllowed"'
            $answer | Should -Not -Match '"status"'
        }
        finally {
            & chmod 600 $path
            Remove-Item $open -Recurse -Force
        }
        (Get-RasMfaRadiusServer -Log -ProcessId $listenerId).Message -join "`n" |
            Should -Match 'Refused a control connection: user id 65534, process \d+ is not the listener''s account nor root\.' 
    }

    It 'answers a line past the limit with an error and closes, and still answers logins' {
        $path = (Get-RasMfaRadiusServer -ProcessId $listenerId).ControlEndpoint
        $answer = Invoke-ControlSocket $path ([System.Text.Encoding]::ASCII.GetBytes(('x' * 100000) + "`n"))
        $answer | Should -Match '^\{"error":\{"code":"LineTooLong"'
        @($answer.Trim() -split "`n").Count | Should -Be 1 -Because 'the connection is closed after the error'
        Invoke-ControlSocket $path ([System.Text.Encoding]::ASCII.GetBytes("{`"command`":`"stop`"}`n")) | Should -Match '"code":"UnknownCommand"'
        (Send-Code -Port $port -UserName bob -Secret $bobSecret).Code | Should -Be 'Access-Accept'
        (Get-RasMfaRadiusServer -ProcessId $listenerId).Counters.Accepted | Should -Be 2
    }
}

Describe 'The service host' {
    It 'is seen from this session as the Service' {
        $hostDll = Join-Path (Split-Path $env:RASMFA_MODULE) 'service/net8.0/RasMfa.Service.dll'
        $servicePort = Get-FreeUdpPort
        $service = Start-Process dotnet -ArgumentList $hostDll, '--port', $servicePort, '--address', '127.0.0.1', '--metrics-address', 'off' -PassThru `
            -RedirectStandardOutput "$folder/service.out" -RedirectStandardError "$folder/service.err"
        try {
            Wait-Until { @(Get-RasMfaRadiusServer -ProcessId $service.Id -ErrorAction SilentlyContinue).Count -eq 1 } | Should -BeTrue -Because (Get-Content "$folder/service.out" -Raw)
            $status = Get-RasMfaRadiusServer -ProcessId $service.Id
            $status.Kind | Should -Be 'Service'
            ($status.Endpoints | ForEach-Object { "$_" }) | Should -Contain "127.0.0.1:$servicePort"
            (Get-RasMfaRadiusServer).Where({ $_.ProcessId -eq $service.Id }).Kind | Should -Be 'Service'
            (Get-RasMfaRadiusServer -Log -ProcessId $service.Id).Message | Should -Contain "Listening on 127.0.0.1:$servicePort with the store $($env:RASMFA_DATABASE)."
        }
        finally {
            & kill -TERM $service.Id
            if (-not $service.WaitForExit(20000)) { & kill -9 $service.Id }
        }
        Get-RasMfaRadiusServer | Where-Object ProcessId -eq $service.Id | Should -BeNullOrEmpty -Because 'a stopped service closes its channel'
    }
}

Describe 'A listener killed without a chance to clean up' {
    It 'vanishes from the list, and its leftover socket is neither shown nor kept' {
        $killedPort = Get-FreeUdpPort
        $killed = Start-ListenerProcess -Port $killedPort -Database $env:RASMFA_DATABASE
        $path = (Get-RasMfaRadiusServer -ProcessId $killed.Process.Id).ControlEndpoint
        Stop-ListenerProcess $killed -Kill
        Test-Path $path | Should -BeTrue -Because 'kill -9 leaves the socket file behind'
        $all = @(Get-RasMfaRadiusServer -WarningVariable warnings)
        $all | Where-Object ProcessId -eq $killed.Process.Id | Should -BeNullOrEmpty
        $warnings | Should -BeNullOrEmpty
        Test-Path $path | Should -BeFalse -Because 'the stale socket is removed when found'
        Get-RasMfaRadiusServer -ProcessId $killed.Process.Id -ErrorVariable notFound -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $notFound[0].FullyQualifiedErrorId | Should -Match '^ServerNotFound'
        (Get-RasMfaRadiusServer -ProcessId $listenerId).Running | Should -BeTrue -Because 'the other listener is untouched'
    }
}
