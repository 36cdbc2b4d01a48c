# Two listener processes on one SQLite store (RASMFA_DATABASE), as two RasMfa servers on one machine behind one RAS farm:
# replays and lockouts across servers, the same request sent to both at once (RAS active-active) answered alike, a challenge
# started on one finished on the other, and a node killed under load, driven by radclient, raw datagrams and the load generator.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $env:RASMFA_DATABASE = New-TestDatabasePath
    $script:folder = Split-Path $env:RASMFA_DATABASE
    $script:secretText = 'cluster-test-shared-secret-0123456789'
    $script:loadUsers = 400
    $root = Join-Path $PSScriptRoot '../..'
    $output = & dotnet build (Join-Path $root 'bench/RasMfa.LoadGen/RasMfa.LoadGen.csproj') -c Release --nologo -v quiet -o "$folder/loadgen" 2>&1
    if ($LASTEXITCODE -ne 0) { throw "Building the load generator failed: $output" }

    # The load's users, each with a token of its own (a code is valid once per step: distinct users, distinct codes).
    $users = [System.Collections.Generic.List[string]]::new(); $users.Add('UserName')
    $tokens = [System.Collections.Generic.List[string]]::new(); $tokens.Add('Serial,Secret,Type,UserName')
    $load = [System.Collections.Generic.List[string]]::new(); $load.Add('UserName,Secret')
    $bytes = [byte[]]::new(20)
    for ($i = 0; $i -lt $loadUsers; $i++) {
        [System.Security.Cryptography.RandomNumberGenerator]::Fill($bytes)
        $secret = (Get-EngineType Tokens.OtpSecrets)::ToBase32($bytes)
        $users.Add("node$i"); $tokens.Add("N$i,$secret,TOTP,node$i"); $load.Add("node$i,$secret")
    }
    [System.IO.File]::WriteAllLines("$folder/users.csv", $users)
    [System.IO.File]::WriteAllLines("$folder/tokens.csv", $tokens)
    [System.IO.File]::WriteAllLines("$folder/load.csv", $load)
    Import-RasMfaUser -Path "$folder/users.csv" | Out-Null
    Import-RasMfaOathToken -Path "$folder/tokens.csv" | Out-Null
    Add-RasMfaRadiusClient -Name ras -Address 127.0.0.1 -SharedSecret (ConvertTo-TestSecret $secretText)
    Set-RasMfaConfiguration -LockoutThreshold 5

    # Server A and server B: two processes, one store file. This process only administers the store and reads the audit.
    $script:serverA = Start-ListenerProcess -Port (Get-FreeUdpPort) -Database $env:RASMFA_DATABASE -Folder "$folder/a"
    $script:serverB = Start-ListenerProcess -Port (Get-FreeUdpPort) -Database $env:RASMFA_DATABASE -Folder "$folder/b"

    function New-EnrolledUser([string] $Name) {
        New-RasMfaUser -UserName $Name | Out-Null
        (Register-RasMfaTotp -UserName $Name).Secret
    }

    function Send-Code($Server, [string] $UserName, [string] $Code) {
        $attributes = @("User-Name = `"$UserName`"", "User-Password = `"$Code`"", 'Message-Authenticator = 0x00')
        Invoke-Radclient -Server "127.0.0.1:$($Server.Port)" -Command auth -Secret $secretText -Attributes $attributes -TimeoutSeconds 3
    }

    # A code that is certainly not the user's current one: each digit moved on by five (as the load generator's --code wrong).
    function Get-WrongCode([string] $Code) { -join ($Code.ToCharArray() | ForEach-Object { [char]([int][char]'0' + ([int][char]$_ - [int][char]'0' + 5) % 10) }) }

    function Get-LastReason([string] $UserName) { (Get-RasMfaAuthenticationLog -UserName $UserName -Last 1).Reason }

    # A signed Access-Request (PAP), built once: the same octets can go to both servers, as RAS active-active sends them.
    function New-Datagram([string] $UserName, [string] $Password, [byte[]] $State) {
        $secretBytes = [System.Text.Encoding]::ASCII.GetBytes($secretText)
        $authenticator = [byte[]]::new(16)
        [System.Security.Cryptography.RandomNumberGenerator]::Fill($authenticator)
        $packet = (Get-EngineType Radius.RadiusPacket)::new((Get-EngineType Radius.RadiusCode)::AccessRequest, (Get-Random -Maximum 256), $authenticator)
        [void]$packet.Add((Get-EngineType Radius.RadiusAttribute)::FromText(1, $UserName))
        $hidden = (Get-EngineType Radius.PapPassword)::Hide([System.Text.Encoding]::UTF8.GetBytes($Password), $secretBytes, $authenticator)
        [void]$packet.Add((Get-EngineType Radius.RadiusAttribute)::new(2, $hidden))
        if ($State) { [void]$packet.Add((Get-EngineType Radius.RadiusAttribute)::new(24, $State)) }
        , (Get-EngineType Radius.PacketSigner)::EncodeRequest($packet, $secretBytes)
    }

    # The answer's code, State (octets) and Reply-Message.
    function ConvertFrom-Reply([byte[]] $Reply) {
        $state = $null; $message = $null; $offset = 20
        while ($offset + 2 -le $Reply.Length) {
            $type = $Reply[$offset]; $length = $Reply[$offset + 1]
            $value = [byte[]]::new($length - 2)
            [Array]::Copy($Reply, $offset + 2, $value, 0, $length - 2)
            if ($type -eq 24) { $state = $value }
            if ($type -eq 18) { $message = [System.Text.Encoding]::UTF8.GetString($value) }
            $offset += $length
        }
        $code = @{ 2 = 'Access-Accept'; 3 = 'Access-Reject'; 11 = 'Access-Challenge' }[[int]$Reply[0]]
        [pscustomobject]@{ Code = $code; State = $state; Message = $message }
    }

    # Sends one datagram to each of -Servers, all before any answer is read, and returns their answers in that order.
    function Send-Datagram([byte[]] $Datagram, [object[]] $Servers) {
        $clients = foreach ($server in $Servers) {
            $udp = [System.Net.Sockets.UdpClient]::new()
            $udp.Connect('127.0.0.1', $server.Port)
            $udp.Client.ReceiveTimeout = 5000
            $udp
        }
        try {
            foreach ($udp in $clients) { [void]$udp.Send($Datagram, $Datagram.Length) }
            $remote = [System.Net.IPEndPoint]::new([System.Net.IPAddress]::Any, 0)
            foreach ($udp in $clients) { ConvertFrom-Reply $udp.Receive([ref]$remote) }
        }
        finally { $clients | ForEach-Object Dispose }
    }
}

AfterAll {
    Stop-ListenerProcess $serverA
    Stop-ListenerProcess $serverB
    Clear-StoreConnections
    Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:RASMFA_DATABASE
}

Describe 'Two servers on one SQLite store' {
    It 'refuses on B a code that A accepted (a replay across servers)' {
        $secret = New-EnrolledUser replayed
        Wait-FreshTotpStep
        $code = Get-OathCode -Secret $secret
        $reply = Send-Code $serverA replayed $code
        $reply.Code | Should -Be 'Access-Accept' -Because $reply.Output
        $reply = Send-Code $serverB replayed $code
        $reply.Code | Should -Be 'Access-Reject' -Because $reply.Output
        Get-LastReason replayed | Should -Be 'replayed code'
    }

    It 'adds wrong codes on A and on B up to one lockout, and then refuses the right code on both' {
        $secret = New-EnrolledUser guessed
        Wait-FreshTotpStep -Seconds 10
        $wrong = Get-WrongCode (Get-OathCode -Secret $secret)
        1..3 | ForEach-Object { (Send-Code $serverA guessed $wrong).Code | Should -Be 'Access-Reject' }
        (Get-RasMfaUser guessed).Locked | Should -BeFalse
        1..2 | ForEach-Object { (Send-Code $serverB guessed $wrong).Code | Should -Be 'Access-Reject' }
        Get-LastReason guessed | Should -Be 'wrong code, user now locked'
        $user = Get-RasMfaUser guessed
        $user.Locked | Should -BeTrue
        $user.FailedAttempts | Should -Be 5
        (Send-Code $serverA guessed (Get-OathCode -Secret $secret)).Code | Should -Be 'Access-Reject'
        Get-LastReason guessed | Should -Be 'locked'
        (Send-Code $serverB guessed (Get-OathCode -Secret $secret -StepOffset 1)).Code | Should -Be 'Access-Reject'
        Get-LastReason guessed | Should -Be 'locked'
    }

    It 'answers a code sent to both servers at once with Accept from both, uses it once and audits it once (active-active)' {
        $secret = New-EnrolledUser together
        Wait-FreshTotpStep
        $code = Get-OathCode -Secret $secret
        $answers = Send-Datagram (New-Datagram together $code) $serverA, $serverB
        $answers[0].Code | Should -Be 'Access-Accept'
        $answers[1].Code | Should -Be 'Access-Accept'
        @(Get-RasMfaAuthenticationLog -UserName together).Count | Should -Be 1
        # A new request with the same code is a replay, on either server.
        (Send-Datagram (New-Datagram together $code) $serverB)[0].Code | Should -Be 'Access-Reject'
        Get-LastReason together | Should -Be 'replayed code'
    }

    It 'answers both rounds of a challenge sent to both servers alike: the same State, then Accept from both (active-active)' {
        $secret = New-EnrolledUser rounds
        Wait-FreshTotpStep
        $first = Send-Datagram (New-Datagram rounds '') $serverA, $serverB
        $first[0].Code | Should -Be 'Access-Challenge'
        $first[1].Code | Should -Be 'Access-Challenge'
        [Convert]::ToBase64String($first[1].State) | Should -Be ([Convert]::ToBase64String($first[0].State))
        $first[1].Message | Should -Be $first[0].Message
        $second = Send-Datagram (New-Datagram rounds (Get-OathCode -Secret $secret) $first[0].State) $serverA, $serverB
        $second[0].Code | Should -Be 'Access-Accept'
        $second[1].Code | Should -Be 'Access-Accept'
        @(Get-RasMfaAuthenticationLog -UserName rounds | ForEach-Object Result) | Should -Be @('Challenge', 'Accept')
    }

    It 'finishes on B a challenge started on A, and refuses on A the State B used (active-passive)' {
        $secret = New-EnrolledUser failover
        Wait-FreshTotpStep
        $challenge = (Send-Datagram (New-Datagram failover '') $serverA)[0]
        $challenge.Code | Should -Be 'Access-Challenge'
        (Send-Datagram (New-Datagram failover (Get-OathCode -Secret $secret) $challenge.State) $serverB)[0].Code | Should -Be 'Access-Accept'
        (Send-Datagram (New-Datagram failover (Get-OathCode -Secret $secret -StepOffset 1) $challenge.State) $serverA)[0].Code | Should -Be 'Access-Reject'
        Get-LastReason failover | Should -Be 'unknown state'
    }

    # The PostgreSQL runs of these tests come with the PostgreSQL store.

    It 'loses no audited Accept and accepts no code twice when B is killed (kill -9) during a load on both, and A keeps answering' {
        # Both generators send the same 400 users' codes in the same order, at 100 logins/s each: every code reaches both
        # servers at about the same moment, as RAS active-active sends it. B is killed 1.5 s in, about 150 logins into 400.
        Wait-FreshTotpStep -Seconds 12
        $generators = foreach ($server in $serverA, $serverB) {
            $arguments = @("$folder/loadgen/RasMfa.LoadGen.dll", 'load', '--server', "127.0.0.1:$($server.Port)", '--secret', $secretText,
                '--users', "$folder/load.csv", '--requests', $loadUsers, '--rate', 100, '--in-flight', $loadUsers, '--timeout-ms', 2000,
                '--answers-file', "$folder/answers-$($server.Port).tsv")
            Start-Process dotnet -ArgumentList $arguments -RedirectStandardOutput "$folder/load-$($server.Port).out" -RedirectStandardError "$folder/load-$($server.Port).err" -PassThru
        }
        Start-Sleep -Milliseconds 1500
        Stop-ListenerProcess $serverB -Kill
        $serverB.Process.HasExited | Should -BeTrue
        foreach ($generator in $generators) { $generator.WaitForExit(60000) | Should -BeTrue }

        $results = @{}
        $accepted = foreach ($server in $serverA, $serverB) {
            $text = Get-Content "$folder/load-$($server.Port).out" -Raw
            $results[$server.Port] = ($text -split "`n" | Where-Object { $_ -like 'RESULT *' }) -replace '^RESULT ', '' | ConvertFrom-Json
            $results[$server.Port] | Add-Member Text $text
            Get-Content "$folder/answers-$($server.Port).tsv" | Where-Object { ($_ -split "`t")[1] -eq 'Accept' } | ForEach-Object { ($_ -split "`t")[0] }
        }
        # B died during the load: it had answered some and answered no more.
        ($results[$serverB.Port].accepted + $results[$serverB.Port].rejected) | Should -BeGreaterThan 0 -Because $results[$serverB.Port].Text
        $results[$serverB.Port].lost | Should -BeGreaterThan 0 -Because $results[$serverB.Port].Text
        # A answered every one of its 400, before and after B's death.
        $results[$serverA.Port].lost | Should -Be 0 -Because $results[$serverA.Port].Text
        $results[$serverA.Port].invalid | Should -Be 0

        # No code accepted twice: not as the clients saw it, not in the audit.
        @($accepted | Group-Object | Where-Object Count -gt 1).Name | Should -BeNullOrEmpty
        $audited = @(Get-RasMfaAuthenticationLog -UserName 'node*' -Result Accept | ForEach-Object UserName)
        @($audited | Group-Object | Where-Object Count -gt 1).Name | Should -BeNullOrEmpty
        # Every Accept a client received has its audit record (B's too, though B was killed right after sending some).
        @($accepted | Where-Object { $_ -notin $audited }) | Should -BeNullOrEmpty
        @($accepted).Count | Should -BeGreaterThan ($loadUsers / 2)

        # A still serves alone.
        $secret = New-EnrolledUser survivor
        Wait-FreshTotpStep
        (Send-Code $serverA survivor (Get-OathCode -Secret $secret)).Code | Should -Be 'Access-Accept'
    }
}
