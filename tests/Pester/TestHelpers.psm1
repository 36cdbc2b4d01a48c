# Helpers for the acceptance tests: free ports, an isolated store, radclient, and a real FreeRADIUS server; with those of
# TestPostgreSql.psm1 (a database in the run's PostgreSQL cluster) and ListenerProcesses.psm1 (listeners in processes of
# their own), exported from here too. The Samba domain controller's are in tools/SambaDomain.psm1, shared with build.ps1.
Set-StrictMode -Version 3
Import-Module (Join-Path $PSScriptRoot 'TestPostgreSql.psm1')
Import-Module (Join-Path $PSScriptRoot 'ListenerProcesses.psm1')
Import-Module (Join-Path $PSScriptRoot '../../tools/FreeRadiusConfiguration.psm1')
Import-Module (Join-Path $PSScriptRoot '../../tools/EngineTypes.psm1')

function Get-FreeUdpPort {
    $socket = New-Object System.Net.Sockets.UdpClient(0)
    try { $socket.Client.LocalEndPoint.Port } finally { $socket.Dispose() }
}

function New-TestDatabasePath {
    $folder = Join-Path ([System.IO.Path]::GetTempPath()) ("rasmfa-pester-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $folder | Out-Null
    Join-Path $folder 'rasmfa.db'
}

function ConvertTo-TestSecret([string] $Text) { ConvertTo-SecureString $Text -AsPlainText -Force }

<#
    Runs FreeRADIUS's radclient with attribute lines on standard input and returns what it printed
    as an object: the reply code (or $null on no answer) and the reply attributes in order.
#>
function Invoke-Radclient {
    param(
        [Parameter(Mandatory)] [string] $Server,
        [Parameter(Mandatory)] [ValidateSet('auth', 'status')] [string] $Command,
        [Parameter(Mandatory)] [string] $Secret,
        [string[]] $Attributes = @(),
        [double] $TimeoutSeconds = 1,
        [int] $Retries = 1
    )
    $text = ($Attributes -join ', ')
    $output = $text | & radclient -x -r $Retries -t $TimeoutSeconds $Server $Command $Secret 2>&1 | ForEach-Object { "$_" }
    $code = $null
    $replyAttributes = New-Object System.Collections.Generic.List[string]
    $inReply = $false
    foreach ($line in $output) {
        if ($line -match '^Received (Access-\w+) Id (\d+)') { $code = $Matches[1]; $inReply = $true; continue }
        if ($line -match '^(Sent|\(\d+\)|radclient:)') { $inReply = $false }
        if ($inReply -and $line -match '^\s+(\S+) = (.*)$') { $replyAttributes.Add("$($Matches[1]) = $($Matches[2])") }
    }
    [pscustomobject]@{ Code = $code; Attributes = @($replyAttributes); Output = ($output -join "`n") }
}

<#
    Starts a real FreeRADIUS 3 server on 127.0.0.1 with a configuration written here: PAP and CHAP
    against a users file, and a user who is challenged once (Reply-Message and State) before Accept.
#>
function Start-FreeRadiusServer {
    param(
        [Parameter(Mandatory)] [int] $Port,
        [Parameter(Mandatory)] [string] $Secret,
        [Parameter(Mandatory)] [hashtable] $Users,
        [string] $ChallengeUser = 'challenged',
        [string] $ChallengeAnswer = '654321',
        # Reply items per user, in users-file syntax, such as @{ alice = 'Class := "ras-users"' }.
        [hashtable] $UserReplies = @{},
        # Sign every Access-Accept, -Reject and -Challenge with Message-Authenticator, as NPS does once updated against
        # BlastRADIUS. FreeRADIUS 3.2.1 (Debian 12) does not on its own: its replies are 20 octets, unsigned.
        [switch] $SignReplies
    )
    $sign = if ($SignReplies) { 'update reply { &Message-Authenticator := 0x00 }' } else { '' }
    $directory = Join-Path ([System.IO.Path]::GetTempPath()) ("rasmfa-freeradius-" + [guid]::NewGuid().ToString('N'))
    foreach ($sub in 'log', 'run', 'mods-config') { New-Item -ItemType Directory -Path (Join-Path $directory $sub) -Force | Out-Null }
    Set-Content -Path (Join-Path $directory 'dictionary') -Value ''
    $usersText = foreach ($name in $Users.Keys) {
        "$name Cleartext-Password := `"$($Users[$name])`"`n"
        if ($UserReplies.ContainsKey($name)) { "`t$($UserReplies[$name])`n" }
    }
    $usersText += "$ChallengeUser Cleartext-Password := `"$ChallengeAnswer`"`n"
    Set-Content -Path (Join-Path $directory 'users') -Value ($usersText -join '')
    $configuration = @"
$(Get-FreeRadiusPathSettings -Directory $directory)
max_request_time = 30
cleanup_delay = 5
max_requests = 1024
hostname_lookups = no
log {
    destination = stdout
    auth = yes
}
security {
    allow_core_dumps = no
    max_attributes = 200
    reject_delay = 0
    status_server = yes
}
thread pool {
    start_servers = 2
    max_servers = 4
    min_spare_servers = 1
    max_spare_servers = 3
    max_requests_per_server = 0
}
client loopback {
    ipaddr = 127.0.0.1
    secret = $Secret
    require_message_authenticator = yes
}
modules {
    pap {
    }
    chap {
    }
    files {
        filename = $directory/users
    }
    always handled {
        rcode = handled
    }
}
server default {
    listen {
        type = auth
        ipaddr = 127.0.0.1
        port = $Port
    }
    authorize {
        if (&User-Name == "$ChallengeUser" && !&State) {
            update reply {
                &Reply-Message := "Enter the code"
                &State := 0x72617366
            }
            update control {
                &Response-Packet-Type := Access-Challenge
            }
            $sign
            handled
        }
        files
        chap
        pap
    }
    authenticate {
        Auth-Type PAP {
            pap
        }
        Auth-Type CHAP {
            chap
        }
    }
    post-auth {
        $sign
        Post-Auth-Type REJECT {
            $sign
        }
    }
}
"@
    Set-Content -Path (Join-Path $directory 'radiusd.conf') -Value $configuration
    $logPath = Join-Path $directory 'log/stdout.log'
    $process = Start-Process -FilePath (Get-Command freeradius).Source -ArgumentList @('-f', '-l', 'stdout', '-d', $directory) `
        -RedirectStandardOutput $logPath -RedirectStandardError (Join-Path $directory 'log/stderr.log') -PassThru
    $deadline = [DateTime]::UtcNow.AddSeconds(20)
    while ([DateTime]::UtcNow -lt $deadline) {
        if ($process.HasExited) { throw "FreeRADIUS exited: $(Get-Content $logPath -Raw) $(Get-Content (Join-Path $directory 'log/stderr.log') -Raw)" }
        if ((Get-Content $logPath -Raw -ErrorAction SilentlyContinue) -match 'Ready to process requests') {
            return [pscustomobject]@{ Process = $process; Directory = $directory; Port = $Port; Log = $logPath }
        }
        Start-Sleep -Milliseconds 200
    }
    Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue
    throw "FreeRADIUS did not become ready within 20 s: $(Get-Content $logPath -Raw)"
}

function Stop-FreeRadiusServer {
    param($Server)
    if ($Server -and -not $Server.Process.HasExited) {
        Stop-Process -Id $Server.Process.Id -Force -ErrorAction SilentlyContinue
        $Server.Process.WaitForExit(5000) | Out-Null
    }
    if ($Server) { Remove-Item $Server.Directory -Recurse -Force -ErrorAction SilentlyContinue }
}

<#
    Sends raw bytes over UDP from one socket and returns every datagram that comes back. With -OneAtATime it waits
    for each answer (up to the wait) before sending the next, as a NAS retransmitting after a lost reply would.
#>
function Send-RawDatagram {
    param([string] $Server = '127.0.0.1', [int] $Port, [byte[][]] $Datagrams, [int] $WaitMilliseconds = 500, [switch] $OneAtATime)
    $udp = New-Object System.Net.Sockets.UdpClient
    try {
        $udp.Connect($Server, $Port)
        $udp.Client.ReceiveTimeout = $WaitMilliseconds
        $replies = New-Object System.Collections.Generic.List[object]
        $remote = New-Object System.Net.IPEndPoint([System.Net.IPAddress]::Any, 0)
        $receiveAll = {
            while ($true) {
                try { $replies.Add($udp.Receive([ref]$remote)) } catch [System.Net.Sockets.SocketException] { break }
                if ($OneAtATime) { break }
            }
        }
        foreach ($datagram in $Datagrams) {
            [void]$udp.Send($datagram, $datagram.Length)
            if ($OneAtATime) { & $receiveAll }
        }
        if (-not $OneAtATime) { & $receiveAll }
        , $replies.ToArray()
    }
    finally { $udp.Dispose() }
}

<# Runs a command in a second PowerShell process (pwsh, or 'dotnet pwsh.dll' for the dotnet tool), with this environment. #>
function Invoke-SecondPowerShell {
    param([Parameter(Mandatory)] [string] $Command)
    $processPath = (Get-Process -Id $PID).Path
    [string[]] $prefix = if ([System.IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') { @(Join-Path $PSHOME 'pwsh.dll') } else { @() }
    $output = & $processPath @prefix -NoProfile -NonInteractive -Command $Command 2>&1
    if ($LASTEXITCODE -ne 0) { throw "The second PowerShell process failed ($LASTEXITCODE): $output" }
    $output
}

<#
    An OATH code computed here, independently of RasMfa's library: RFC 4226 dynamic truncation over
    HMAC-SHA1/256/512 of the counter, where the TOTP counter is the Unix time divided by the period.
#>
function Get-OathCode {
    param(
        [Parameter(Mandatory)] [string] $Secret,
        [long] $Counter = -1,
        [DateTime] $Time = [DateTime]::UtcNow,
        [int] $StepOffset = 0,
        [int] $Digits = 6,
        [int] $Period = 30,
        [ValidateSet('Sha1', 'Sha256', 'Sha512')] [string] $Algorithm = 'Sha1'
    )
    $key = ConvertFrom-Base32OrHex $Secret
    if ($Counter -lt 0) { $Counter = [long][Math]::Floor(([DateTimeOffset]$Time.ToUniversalTime()).ToUnixTimeSeconds() / $Period) + $StepOffset }
    $message = [BitConverter]::GetBytes([long]$Counter)
    if ([BitConverter]::IsLittleEndian) { [Array]::Reverse($message) }
    $hmac = switch ($Algorithm) {
        'Sha1' { [System.Security.Cryptography.HMACSHA1]::new($key) }
        'Sha256' { [System.Security.Cryptography.HMACSHA256]::new($key) }
        'Sha512' { [System.Security.Cryptography.HMACSHA512]::new($key) }
    }
    $hash = $hmac.ComputeHash($message)
    $offset = $hash[$hash.Length - 1] -band 0x0f
    # Widen each octet first: -shl on a [byte] stays a byte in PowerShell.
    $binary = (([int]$hash[$offset] -band 0x7f) -shl 24) -bor ([int]$hash[$offset + 1] -shl 16) -bor ([int]$hash[$offset + 2] -shl 8) -bor [int]$hash[$offset + 3]
    ($binary % [Math]::Pow(10, $Digits)).ToString().PadLeft($Digits, '0')
}

function ConvertFrom-Base32OrHex([string] $Text) {
    if ($Text -match '^(0x)?([0-9a-fA-F]{2})+$' -and $Text -match '[0-9]') {
        $hex = $Text -replace '^0x', ''
        return [byte[]]($(for ($i = 0; $i -lt $hex.Length; $i += 2) { [Convert]::ToByte($hex.Substring($i, 2), 16) }))
    }
    $alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
    $bits = 0; $value = 0
    $bytes = New-Object System.Collections.Generic.List[byte]
    foreach ($c in $Text.TrimEnd('=').ToUpperInvariant().ToCharArray()) {
        $value = (($value -shl 5) -bor $alphabet.IndexOf($c)) -band 0xffff
        $bits += 5
        if ($bits -ge 8) { $bytes.Add([byte](($value -shr ($bits - 8)) -band 0xff)); $bits -= 8 }
    }
    , $bytes.ToArray()
}

<# Waits until at least this many seconds remain in the current 30-second step, so a computed code stays current. #>
function Wait-FreshTotpStep([int] $Seconds = 5) {
    $into = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds() % 30000
    if (30000 - $into -lt $Seconds * 1000) { Start-Sleep -Milliseconds (30000 - $into + 100) }
}

# This session's listener as Get-RasMfaRadiusServer shows it (the cmdlet lists every listener on the machine: other
# sessions' and the service's too), or the not-running status when this session runs none and nothing else runs.
function Get-SessionListenerStatus {
    Get-RasMfaRadiusServer | Where-Object ProcessId -eq $PID | Select-Object -First 1
}

Export-ModuleMember -Function *
