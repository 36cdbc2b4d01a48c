# Two listener processes on one store, as two RasMfa servers behind one RAS farm, on SQLite (RASMFA_DATABASE: servers on one
# machine) and on PostgreSQL (the machine-wide setting, a configuration folder and store key per server: servers on
# several): replays and lockouts across servers, the same request sent to both at once (RAS active-active) answered alike,
# a challenge started on one finished on the other, a node killed under load; and, on PostgreSQL, the database stopped for
# 10 s under load. Driven by radclient, raw datagrams and the load generator. The outage stops the run's shared cluster:
# Pester runs test files one at a time, so nothing else uses it meanwhile.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $script:folder = Split-Path (New-TestDatabasePath)
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
    # Users of their own for the 300 logins sent to both servers at once: the load's users' codes stay unused in the step.
    $pairs = [System.Collections.Generic.List[string]]::new(); $pairs.Add('UserName,Secret')
    for ($i = 0; $i -lt 300; $i++) {
        [System.Security.Cryptography.RandomNumberGenerator]::Fill($bytes)
        $secret = (Get-EngineType Tokens.OtpSecrets)::ToBase32($bytes)
        $users.Add("pair$i"); $tokens.Add("P$i,$secret,TOTP,pair$i"); $pairs.Add("pair$i,$secret")
    }
    [System.IO.File]::WriteAllLines("$folder/pairs.csv", $pairs)
    [System.IO.File]::WriteAllLines("$folder/users.csv", $users)
    [System.IO.File]::WriteAllLines("$folder/tokens.csv", $tokens)
    [System.IO.File]::WriteAllLines("$folder/load.csv", $load)

    <#
        A new store of the kind -Store names, with the load's users and tokens, the client and a lockout of 5, and two servers
        on it, A and B: processes of their own. This process only administers the store and reads the audit. On PostgreSQL, a
        new database in the run's cluster, chosen by the machine-wide setting: this session's configuration folder, and one
        per server, each with the store's key copied in (a server joins the store by holding its key).
    #>
    function Initialize-ClusterStore([string] $Store, [string] $Name) {
        $storeHome = "$folder/$Name"
        New-Item -ItemType Directory -Path $storeHome -Force | Out-Null
        $script:database = $null
        if ($Store -eq 'SQLite') {
            Remove-Item Env:RASMFA_CONFIG -ErrorAction SilentlyContinue
            $env:RASMFA_DATABASE = "$storeHome/rasmfa.db"
            $environment = @{ A = @{}; B = @{} }
        }
        else {
            Remove-Item Env:RASMFA_DATABASE -ErrorAction SilentlyContinue
            $script:database = New-TestPostgreSqlDatabase
            $cluster = $database.Cluster
            $credential = [pscredential]::new('postgres', (ConvertTo-TestSecret $cluster.Password))
            $connection = "Host=127.0.0.1;Port=$($cluster.Port);Database=$($database.Name)"
            $environment = @{}
            foreach ($server in 'admin', 'A', 'B') {
                $env:RASMFA_CONFIG = "$storeHome/config-$server"
                Set-RasMfaStore -PostgreSql -ConnectionString $connection -Credential $credential
                $environment[$server] = @{ RASMFA_CONFIG = $env:RASMFA_CONFIG; RASMFA_DATABASE = $null }
            }
            $env:RASMFA_CONFIG = "$storeHome/config-admin"
        }
        Import-RasMfaUser -Path "$folder/users.csv" | Out-Null
        Import-RasMfaOathToken -Path "$folder/tokens.csv" | Out-Null
        Add-RasMfaRadiusClient -Name ras -Address 127.0.0.1 -SharedSecret (ConvertTo-TestSecret $secretText)
        Set-RasMfaConfiguration -LockoutThreshold 5
        if ($Store -eq 'PostgreSQL') {
            # The store's key, made by this session's first open, held by each server too.
            foreach ($server in 'A', 'B') {
                $keys = "$storeHome/config-$server/keys"
                New-Item -ItemType Directory -Path $keys -Force | Out-Null
                & chmod 700 $keys
                Copy-Item "$storeHome/config-admin/keys/*.key" $keys
                & chmod 600 (Get-ChildItem $keys -Filter *.key).FullName
            }
        }
        $databasePath = if ($Store -eq 'SQLite') { $env:RASMFA_DATABASE } else { '' }
        $script:serverA = Start-ListenerProcess -Port (Get-FreeUdpPort) -Database $databasePath -Environment $environment.A -Folder "$storeHome/a"
        $script:serverB = Start-ListenerProcess -Port (Get-FreeUdpPort) -Database $databasePath -Environment $environment.B -Folder "$storeHome/b"
    }

    function Remove-ClusterStore {
        Stop-ListenerProcess $serverA
        Stop-ListenerProcess $serverB
        Clear-StoreConnections
        Remove-TestPostgreSqlDatabase $database
        Remove-Item Env:RASMFA_DATABASE, Env:RASMFA_CONFIG -ErrorAction SilentlyContinue
    }

    <#
        Starts one load generator per server, each sending the load's users' codes in the same order, and returns the processes.
        Both send each user the same code, as RAS active-active sends one login's code to both servers: the code of the step
        15 s from now, which every send of a load of up to 30 s falls within one step of (a code is accepted one step back
        and one forward). Codes computed at each send differed when a step ended between the two generators' sends of one
        user: two codes, two Accepts, two audit records.
    #>
    function Start-Load([double] $Rate, [string] $Tag) {
        $codeAt = [DateTime]::UtcNow.AddSeconds(15).ToString('o')
        foreach ($server in $serverA, $serverB) {
            $arguments = @("$folder/loadgen/RasMfa.LoadGen.dll", 'load', '--server', "127.0.0.1:$($server.Port)", '--secret', $secretText,
                '--users', "$folder/load.csv", '--requests', $loadUsers, '--rate', $Rate, '--in-flight', $loadUsers, '--timeout-ms', 2000,
                '--code-at', $codeAt, '--answers-file', "$folder/answers-$Tag-$($server.Port).tsv")
            Start-Process dotnet -ArgumentList $arguments -RedirectStandardOutput "$folder/load-$Tag-$($server.Port).out" -RedirectStandardError "$folder/load-$Tag-$($server.Port).err" -PassThru
        }
    }

    <# Each server's load result (its RESULT line, with Text: all it printed) and answers ("name TAB answer TAB sent TAB answered"), by port. #>
    function Read-Load([string] $Tag) {
        $results = @{}
        foreach ($server in $serverA, $serverB) {
            $text = Get-Content "$folder/load-$Tag-$($server.Port).out" -Raw
            $result = ($text -split "`n" | Where-Object { $_ -like 'RESULT *' }) -replace '^RESULT ', '' | ConvertFrom-Json
            $answers = foreach ($line in Get-Content "$folder/answers-$Tag-$($server.Port).tsv") {
                $user, $answer, $sent, $answered = $line -split "`t"
                [pscustomobject]@{
                    UserName = $user; Answer = $answer; Sent = [DateTime]::Parse($sent, $null, 'RoundtripKind')
                    Answered = if ($answered) { [DateTime]::Parse($answered, $null, 'RoundtripKind') } else { $null }
                }
            }
            $results[$server.Port] = [pscustomobject]@{ Result = $result; Text = $text; Answers = @($answers) }
        }
        $results
    }

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
    if (-not $env:KEEP_CLUSTER_FOLDER) { Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'Two servers on one <Store> store' -ForEach @(@{ Store = 'SQLite' }, @{ Store = 'PostgreSQL' }) {
    BeforeAll { Initialize-ClusterStore -Store $Store -Name $Store }
    AfterAll { Remove-ClusterStore }

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

    It 'accepts 300 logins sent at once to both servers, each once, with the same answer from both (active-active)' {
        # The load generator sends each login's datagram to A and to B (as RAS active-active does), 300 in flight at once, and
        # compares the second server's answer with the first's.
        Wait-FreshTotpStep -Seconds 12
        $output = & dotnet "$folder/loadgen/RasMfa.LoadGen.dll" load --server "127.0.0.1:$($serverA.Port)" --also-server "127.0.0.1:$($serverB.Port)" `
            --secret $secretText --users "$folder/pairs.csv" --requests 300 --in-flight 300 --timeout-ms 10000
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
        $result = ($output | Where-Object { $_ -like 'RESULT *' }) -replace '^RESULT ', '' | ConvertFrom-Json
        $result.accepted | Should -Be 300 -Because ($output -join "`n")
        $result.secondAnswered | Should -Be 300 -Because ($output -join "`n")
        $result.secondDiffering | Should -Be 0
        $result.secondMissing | Should -Be 0
        # Decided once: one audit record per login, whichever server decided it.
        $audited = @(Get-RasMfaAuthenticationLog -UserName 'pair*' -Result Accept | ForEach-Object UserName)
        $audited.Count | Should -Be 300
        @($audited | Sort-Object -Unique).Count | Should -Be 300
    }

    It 'loses at most 1% of logins, no audited Accept, and accepts no code twice when B is killed (kill -9) during a load on both' {
        # Both generators send the same 400 users' codes in the same order, at 100 logins/s each: every code reaches both
        # servers at about the same moment, as RAS active-active sends it. B is killed 1.5 s in, about 150 logins into 400.
        Wait-FreshTotpStep -Seconds 12
        $generators = Start-Load -Rate 100 -Tag kill
        Start-Sleep -Milliseconds 1500
        Stop-ListenerProcess $serverB -Kill
        $serverB.Process.HasExited | Should -BeTrue
        foreach ($generator in $generators) { $generator.WaitForExit(60000) | Should -BeTrue }

        $load = Read-Load -Tag kill
        $a = $load[$serverA.Port]; $b = $load[$serverB.Port]
        # B died during the load: it had answered some and answered no more.
        ($b.Result.accepted + $b.Result.rejected) | Should -BeGreaterThan 0 -Because $b.Text
        $b.Result.lost | Should -BeGreaterThan 0 -Because $b.Text
        # A answered every one of its 400, before and after B's death.
        $a.Result.lost | Should -Be 0 -Because $a.Text
        $a.Result.invalid | Should -Be 0

        # A login fails when neither server's Accept reached the client (RAS takes the first answer of the two).
        $accepted = @($a.Answers + $b.Answers | Where-Object Answer -eq 'Accept' | ForEach-Object UserName)
        $failed = @($a.Answers | Where-Object { $_.UserName -notin $accepted })
        $failed.Count | Should -BeLessOrEqual ($loadUsers / 100) -Because "$($failed.Count) of $loadUsers logins got no Accept: $($a.Text)"

        # No code accepted twice: not as the clients saw it (a user's Accept from both servers is one login's, decided once), not in the audit.
        $audited = @(Get-RasMfaAuthenticationLog -UserName 'node*' -Result Accept | ForEach-Object UserName)
        @($audited | Group-Object | Where-Object Count -gt 1).Name | Should -BeNullOrEmpty
        foreach ($answers in $a.Answers, $b.Answers) {
            @($answers | Where-Object Answer -eq 'Accept' | Group-Object UserName | Where-Object Count -gt 1).Name | Should -BeNullOrEmpty
        }
        # Every Accept a client received has its audit record (B's too, though B was killed right after sending some).
        @($accepted | Where-Object { $_ -notin $audited }) | Should -BeNullOrEmpty

        # A still serves alone.
        $secret = New-EnrolledUser survivor
        Wait-FreshTotpStep
        (Send-Code $serverA survivor (Get-OathCode -Secret $secret)).Code | Should -Be 'Access-Accept'
    }
}

Describe 'Two servers on PostgreSQL stopped for 10 s during a load' {
    BeforeAll { Initialize-ClusterStore -Store PostgreSQL -Name outage }
    AfterAll { Remove-ClusterStore }

    It 'accepts nothing sent while it is down, accepts again within 5 s of its start, and leaves no login half-written' {
        # 400 logins at 15/s on each server, the same users in the same order (RAS active-active): 27 s. The database stops
        # 3 s in, for 10 s, and starts again (stopping and starting take a second or two more): logins go on for 7 s or more.
        Wait-FreshTotpStep
        $generators = Start-Load -Rate 15 -Tag outage
        Start-Sleep -Seconds 3
        try {
            Suspend-TestPostgreSql
            $down = [DateTime]::UtcNow
            Start-Sleep -Seconds 10
        }
        finally {
            $starting = [DateTime]::UtcNow
            Resume-TestPostgreSql
            $up = [DateTime]::UtcNow
        }
        foreach ($generator in $generators) { $generator.WaitForExit(60000) | Should -BeTrue }
        $load = Read-Load -Tag outage
        Stop-ListenerProcess $serverA
        Stop-ListenerProcess $serverB
        $answers = @($load.Values | ForEach-Object { $_.Answers })

        # No Accept for a request sent while the database was down.
        $whileDown = @($answers | Where-Object { $_.Sent -ge $down -and $_.Sent -le $starting })
        $whileDown.Count | Should -BeGreaterThan 100
        @($whileDown | Where-Object Answer -eq 'Accept') | Should -BeNullOrEmpty
        # Logins accepted again within 5 s of its start, and every one sent after that (by one server of the two: the other
        # refuses the same code as replayed, as each generator's request is a request of its own).
        $firstAccept = ($answers | Where-Object { $_.Sent -ge $starting -and $_.Answer -eq 'Accept' } | Sort-Object Answered | Select-Object -First 1).Answered
        $firstAccept | Should -Not -BeNullOrEmpty
        ($firstAccept - $up).TotalSeconds | Should -BeLessOrEqual 5
        $later = @($answers | Group-Object UserName | Where-Object { ($_.Group.Sent | Measure-Object -Minimum).Minimum -ge $up.AddSeconds(5) })
        $later.Count | Should -BeGreaterThan 0
        $refused = @($later | Where-Object { -not ($_.Group | Where-Object Answer -eq 'Accept') })
        $refused.Count | Should -Be 0 -Because ($refused.Group | Out-String)

        # Every Accept received is audited, once; no login half-written: a code used is audited as accepted, and one audited as accepted was used.
        $accepted = @($answers | Where-Object Answer -eq 'Accept' | ForEach-Object UserName | Sort-Object -Unique)
        $audited = @(Get-RasMfaAuthenticationLog -UserName 'node*' -Result Accept | ForEach-Object UserName)
        @($audited | Group-Object | Where-Object Count -gt 1).Name | Should -BeNullOrEmpty
        @($accepted | Where-Object { $_ -notin $audited }) | Should -BeNullOrEmpty
        $used = @(Get-RasMfaToken | Where-Object { $_.UserName -like 'node*' -and $_.LastUsed } | ForEach-Object UserName)
        @($used | Where-Object { $_ -notin $audited }) | Should -BeNullOrEmpty
        @($audited | Where-Object { $_ -notin $used }) | Should -BeNullOrEmpty

        # Each server counted the logins it answered as the store unavailable (Get-RasMfaRadiusServer), and wrote their records once it could.
        foreach ($server in $serverA, $serverB) {
            $status = Get-Content $server.StatusFile -Raw | ConvertFrom-Json
            $unanswered = @($load[$server.Port].Answers | Where-Object { $_.Sent -ge $down -and $_.Sent -le $starting -and $_.Answer -eq 'none' }).Count
            $status.StoreUnavailableLogins | Should -BeGreaterOrEqual $unanswered
            $status.AuditRecordsWaiting | Should -Be 0
            $status.Counters.DroppedByReason.HandlerFault | Should -Be 0
            Write-Host ("Server {0}: {1} requests sent while down, {2} unanswered, {3} rejected; {4} logins answered as the store unavailable; first Accept {5:F2} s after the start; {6} dropped as AnswerWithheld" -f
                $server.Port, @($load[$server.Port].Answers | Where-Object { $_.Sent -ge $down -and $_.Sent -le $starting }).Count, $unanswered,
                @($load[$server.Port].Answers | Where-Object { $_.Sent -ge $down -and $_.Sent -le $starting -and $_.Answer -eq 'Reject' }).Count,
                $status.StoreUnavailableLogins, ($firstAccept - $up).TotalSeconds, $status.Counters.DroppedByReason.AnswerWithheld)
        }
    }
}
