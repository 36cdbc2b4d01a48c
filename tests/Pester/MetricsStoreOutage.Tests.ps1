# /health/ready and /health/live through a real store outage, as a load balancer polling them sees it: a session listener
# on PostgreSQL (the run's own cluster, RASMFA_TEST_POSTGRES) with metrics on; the database server stopped, then started.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestPostgreSql.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $script:folder = Join-Path ([System.IO.Path]::GetTempPath()) ('rasmfa-ready-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    New-Item -ItemType Directory -Path $folder | Out-Null
    Remove-Item Env:RASMFA_DATABASE -ErrorAction SilentlyContinue
    $env:RASMFA_CONFIG = Join-Path $folder 'config'
    $script:database = New-TestPostgreSqlDatabase
    $cluster = $database.Cluster
    Set-RasMfaStore -PostgreSql -ConnectionString "Host=127.0.0.1;Port=$($cluster.Port);Database=$($database.Name)" `
        -Credential ([pscredential]::new('postgres', (ConvertTo-TestSecret $cluster.Password)))

    $script:port = Get-FreeUdpPort
    $script:secretText = 'ready-outage-test-secret-0123456'
    Add-RasMfaRadiusClient -Name ras -Address 127.0.0.1 -SharedSecret (ConvertTo-TestSecret $secretText)
    $script:secrets = @{}
    foreach ($name in 'before', 'during', 'after') {
        New-RasMfaUser -UserName $name | Out-Null
        $secrets[$name] = (Register-RasMfaTotp -UserName $name).Secret
    }
    $tcp = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $tcp.Start()
    $script:metricsUrl = "http://127.0.0.1:$($tcp.LocalEndpoint.Port)"
    $tcp.Stop()
    Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1 -MetricsAddress ($metricsUrl -replace '^http://', '')

    function Send-Code([string] $UserName) {
        Invoke-Radclient -Server "127.0.0.1:$port" -Command auth -Secret $secretText -Retries 1 -TimeoutSeconds 3 `
            -Attributes "User-Name = `"$UserName`"", "User-Password = `"$(Get-OathCode -Secret $secrets[$UserName])`"", 'Message-Authenticator = 0x00'
    }

    function Get-Status([string] $Path) {
        try { (Invoke-WebRequest -Uri "$metricsUrl$Path" -SkipHttpErrorCheck -TimeoutSec 5).StatusCode }
        catch { 'not listening' }
    }

    function Get-Sample([string] $Series) {
        $line = (Invoke-WebRequest -Uri "$metricsUrl/metrics" -TimeoutSec 5).Content -split "`n" | Where-Object { $_.StartsWith("$Series ") } | Select-Object -First 1
        if (-not $line) { return 0 }
        [double]($line.Substring($Series.Length + 1).Trim())
    }

    <# Polls both endpoints every 250 ms until ready answers $Ready or $Seconds pass; returns every live answer seen and ready's last. #>
    function Watch-Health([int] $Ready, [int] $Seconds) {
        $live = [System.Collections.Generic.List[object]]::new()
        $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
        do {
            $live.Add((Get-Status '/health/live'))
            $last = Get-Status '/health/ready'
            if ($last -eq $Ready) { break }
            Start-Sleep -Milliseconds 250
        } while ([DateTime]::UtcNow -lt $deadline)
        [pscustomobject]@{ Ready = $last; Live = @($live) }
    }
}

AfterAll {
    Stop-RasMfaRadiusServer -ErrorAction SilentlyContinue
    Remove-TestPostgreSqlDatabase $database
    Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:RASMFA_CONFIG -ErrorAction SilentlyContinue
}

Describe 'Readiness while the PostgreSQL store is stopped and started again' {
    It 'is ready and accepts a login while the store answers' {
        Wait-FreshTotpStep
        (Send-Code before).Code | Should -Be 'Access-Accept'
        Get-Status '/health/ready' | Should -Be 200
        Get-Status '/health/live' | Should -Be 200
    }

    It 'is not ready once the store stops answering, fails logins as the store unavailable, and stays live throughout; ready again after it starts' {
        $unavailableBefore = Get-Sample 'rasmfa_store_unavailable_logins_total'
        Suspend-TestPostgreSql
        try {
            # The listener's watcher polls the store every 2 s; ready means it answered within the last 10 s.
            $down = Watch-Health -Ready 503 -Seconds 40
            $down.Ready | Should -Be 503
            $down.Live | Should -Not -Contain 'not listening'
            @($down.Live | Where-Object { $_ -ne 200 }) | Should -BeNullOrEmpty -Because 'a process that answers is live, store or not'

            # A right code needs the store (its step is written as used): with StoreUnavailableAnswer Silence, no answer.
            Wait-FreshTotpStep
            $reply = Send-Code during
            $reply.Code | Should -BeNullOrEmpty -Because $reply.Output
            Get-Sample 'rasmfa_store_unavailable_logins_total' | Should -BeGreaterThan $unavailableBefore
            @(Get-RasMfaRadiusServer -Log | Where-Object EventId -eq 3000).Count | Should -BeGreaterThan 0 -Because 'StoreUnavailable is logged'
        }
        finally {
            Resume-TestPostgreSql
        }
        $up = Watch-Health -Ready 200 -Seconds 40
        $up.Ready | Should -Be 200
        @($up.Live | Where-Object { $_ -ne 200 }) | Should -BeNullOrEmpty
        Wait-FreshTotpStep
        (Send-Code after).Code | Should -Be 'Access-Accept'
    }
}
