# The listener's Prometheus endpoint as a scraper sees it: after a mix of logins through radclient, the counters it
# serves over HTTP equal the decisions made; /health/ready says whether a load balancer may send requests.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $env:RASMFA_DATABASE = New-TestDatabasePath
    $script:port = Get-FreeUdpPort
    $script:secretText = 'metrics-test-secret-0123456789'
    $script:server = "127.0.0.1:$port"
    Add-RasMfaRadiusClient -Name ras -Address 127.0.0.1 -SharedSecret (ConvertTo-TestSecret $secretText)

    function Get-FreeTcpPort {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
    }
    $script:metricsPort = Get-FreeTcpPort
    $script:metricsUrl = "http://127.0.0.1:$metricsPort"
    Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1, ::1 -MetricsAddress "127.0.0.1:$metricsPort"

    function Send-Login([string] $UserName, [string] $Password, [string] $To = $server) {
        Invoke-Radclient -Server $To -Command auth -Secret $secretText -Attributes "User-Name = `"$UserName`"", "User-Password = `"$Password`"", 'Message-Authenticator = 0x00' -Retries 1 -TimeoutSeconds 0.5
    }

    # The value of one sample of the exposition, e.g. 'rasmfa_decisions_total{result="accept",reason="code_accepted"}'; 0 when absent.
    function Get-Sample([string] $Text, [string] $Series) {
        $line = $Text -split "`n" | Where-Object { $_.StartsWith("$Series ") } | Select-Object -First 1
        if (-not $line) { return 0 }
        [double]($line.Substring($Series.Length + 1).Trim())
    }

    function Get-Status([string] $Path) {
        try { (Invoke-WebRequest -Uri "$metricsUrl$Path" -SkipHttpErrorCheck -TimeoutSec 5).StatusCode }
        catch { 'not listening' }
    }
}

AfterAll {
    Stop-RasMfaRadiusServer -ErrorAction SilentlyContinue
    Remove-Item (Split-Path $env:RASMFA_DATABASE) -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:RASMFA_DATABASE
}

Describe 'Metrics over HTTP' {
    It 'counts accepts, rejects by reason and drops by reason as they were decided' {
        New-RasMfaUser -UserName alice | Out-Null
        $aliceSecret = (Register-RasMfaTotp -UserName alice).Secret
        New-RasMfaUser -UserName bob | Out-Null
        $bobSecret = (Register-RasMfaTotp -UserName bob).Secret

        # Two accepts, three wrong codes, one unknown user, two packets from an address that is no client.
        Wait-FreshTotpStep
        (Send-Login alice (Get-OathCode -Secret $aliceSecret)).Code | Should -Be 'Access-Accept'
        (Send-Login bob (Get-OathCode -Secret $bobSecret)).Code | Should -Be 'Access-Accept'
        foreach ($offset in -4, -5, -6) { (Send-Login alice (Get-OathCode -Secret $aliceSecret -StepOffset $offset)).Code | Should -Be 'Access-Reject' }
        (Send-Login mallory '123456').Code | Should -Be 'Access-Reject'
        foreach ($i in 1..2) { (Send-Login alice '123456' -To "[::1]:$port").Code | Should -BeNullOrEmpty }

        $scrape = Invoke-WebRequest -Uri "$metricsUrl/metrics" -TimeoutSec 5
        $scrape.StatusCode | Should -Be 200
        $scrape.Headers['Content-Type'] | Should -Match '^text/plain; version=0\.0\.4'
        $text = $scrape.Content
        Get-Sample $text 'rasmfa_decisions_total{result="accept",reason="code_accepted"}' | Should -Be 2 -Because $text
        Get-Sample $text 'rasmfa_decisions_total{result="reject",reason="wrong_code"}' | Should -Be 3
        Get-Sample $text 'rasmfa_decisions_total{result="reject",reason="unknown_user"}' | Should -Be 1
        Get-Sample $text 'rasmfa_dropped_requests_total{reason="unknown_client"}' | Should -Be 2
        Get-Sample $text 'rasmfa_dropped_requests_total{reason="bad_message_authenticator"}' | Should -Be 0
        # radclient sends once per login here (-r 1): every datagram read is one of the above.
        Get-Sample $text 'rasmfa_requests_received_total' | Should -Be 8
        # Every answered request timed from receipt to answer, each durable write timed.
        Get-Sample $text 'rasmfa_request_duration_seconds_count{stage="total"}' | Should -Be 6
        Get-Sample $text 'rasmfa_request_duration_seconds_count{stage="store_write"}' | Should -Be 6
        Get-Sample $text 'rasmfa_request_duration_seconds_bucket{stage="total",le="10"}' | Should -Be 6
        Get-Sample $text 'rasmfa_pending_challenges' | Should -Be 0
        # No label carries what the request said: neither user names nor codes.
        $text | Should -Not -Match 'alice|bob|mallory'
    }

    It 'says live and ready while the listener runs, and answers nothing else' {
        Get-Status '/health/live' | Should -Be 200
        Get-Status '/health/ready' | Should -Be 200
        Get-Status '/' | Should -Be 404
        Get-Status '/metrics/../etc/passwd' | Should -Be 404
    }

    It 'refuses an address that is not address:port, with an error id' {
        { Start-RasMfaRadiusServer -Port (Get-FreeUdpPort) -MetricsAddress 'localhost' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidMetricsAddress,RasMfa.Cmdlets.Server.StartRasMfaRadiusServerCommand'
    }

    It 'is not ready once the listener stops' {
        Stop-RasMfaRadiusServer
        Get-Status '/health/ready' | Should -BeIn @(503, 'not listening')
    }
}
