# Install-RasMfaService on Linux, into a unit folder of the test's own (-UnitDirectory: not systemd's, so nothing is reloaded,
# enabled or started) and a program folder of its own (-ProgramDirectory). The unit is checked by systemd-analyze verify,
# and run: its ExecStart and Environment lines started by this test as systemd would start them (NOTIFY_SOCKET given), as
# the test's own user (-ServiceAccount), then a radclient login.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $env:RASMFA_DATABASE = New-TestDatabasePath
    $script:folder = Split-Path $env:RASMFA_DATABASE
    $script:work = Join-Path ([System.IO.Path]::GetTempPath()) ('rasmfa-install-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $script:units = Join-Path $work 'units'
    $script:programs = Join-Path $work 'programs'
    $script:unitPath = Join-Path $units 'rasmfa.service'
    $script:account = (& id -un).Trim()
    $script:port = Get-FreeUdpPort
    $script:secretText = 'service-install-shared-secret-012'
    Add-RasMfaRadiusClient -Name ras -Address 127.0.0.1 -SharedSecret (ConvertTo-TestSecret $secretText)
    New-RasMfaUser alice | Out-Null
    $script:aliceSecret = (Register-RasMfaTotp alice).Secret
    $tcp = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $tcp.Start()
    $script:metricsPort = $tcp.LocalEndpoint.Port
    $tcp.Stop()
    $script:installArguments = @{ ServiceAccount = $account; Port = $port; LocalAddress = '127.0.0.1'; MetricsAddress = "127.0.0.1:$metricsPort"
        UnitDirectory = $units; ProgramDirectory = $programs; Confirm = $false }

    <# The words of a unit line as systemd reads them: double-quoted, with \" \\ and doubled %% $$ inside. #>
    function Split-UnitWords([string] $Text) {
        foreach ($match in [regex]::Matches($Text, '"((?:[^"\\]|\\.)*)"|(\S+)')) {
            $word = if ($match.Groups[1].Success) { $match.Groups[1].Value } else { $match.Groups[2].Value }
            $word -replace '\\(.)', '$1' -replace '%%', '%' -replace '\$\$', '$'
        }
    }

    function Get-UnitValues([string] $Key) {
        foreach ($line in Get-Content $unitPath) { if ($line -match "^$Key=(.*)$") { $Matches[1] } }
    }
}

AfterAll {
    Uninstall-RasMfaService -UnitDirectory $units -ProgramDirectory $programs -Confirm:$false -WarningAction SilentlyContinue
    Remove-Item $work, $folder -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:RASMFA_DATABASE
}

Describe 'Install-RasMfaService on Linux' {
    It '-WhatIf writes nothing and runs nothing' {
        Install-RasMfaService @installArguments -WhatIf | Should -BeNullOrEmpty
        $unitPath | Should -Not -Exist
        $programs | Should -Not -Exist
    }

    It 'writes a unit that systemd-analyze verify accepts, running the copied host as the given user on the given port' {
        $installed = Install-RasMfaService @installArguments -WarningAction SilentlyContinue
        $installed.Status | Should -Be 'Installed'
        $installed.Account | Should -Be $account
        $unitPath | Should -Exist
        $output = & systemd-analyze verify $unitPath 2>&1 | ForEach-Object { "$_" }
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
        ($output | Where-Object { $_ -match 'rasmfa' }) | Should -BeNullOrEmpty -Because ($output -join "`n")
        Get-UnitValues 'Type' | Should -Be 'notify'
        Get-UnitValues 'User' | Should -Be $account
        Get-UnitValues 'RestartPreventExitStatus' | Should -Be '2'
        Get-UnitValues 'ReadWritePaths' | Should -Be "`"$folder`""
        $execStart = @(Split-UnitWords (Get-UnitValues 'ExecStart'))
        $execStart[1] | Should -BeLike "$programs/*/RasMfa.Service.dll"
        $execStart[1] | Should -Exist
        $execStart[2..7] | Should -Be @('--port', "$port", '--address', '127.0.0.1', '--metrics-address', "127.0.0.1:$metricsPort")
    }

    It '-MetricsAddress none turns the endpoint off, an address beyond the machine is warned about, and one that is not ip:port is refused' {
        $arguments = $installArguments.Clone()
        $arguments.UnitDirectory = Join-Path $work 'units-metrics'
        $arguments.ProgramDirectory = Join-Path $work 'programs-metrics'
        $otherUnit = Join-Path $arguments.UnitDirectory 'rasmfa.service'
        $arguments.MetricsAddress = 'none'
        Install-RasMfaService @arguments -WarningAction SilentlyContinue | Out-Null
        $output = & systemd-analyze verify $otherUnit 2>&1 | ForEach-Object { "$_" }
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
        $execStart = @(Split-UnitWords ((Get-Content $otherUnit) -match '^ExecStart=' -replace '^ExecStart=', ''))
        $execStart[-2..-1] | Should -Be @('--metrics-address', 'off')

        $arguments.MetricsAddress = "0.0.0.0:$metricsPort"
        $arguments.Force = $true
        $warnings = @()
        Install-RasMfaService @arguments -WarningVariable warnings -WarningAction SilentlyContinue | Out-Null
        ($warnings -join "`n") | Should -Match "0\.0\.0\.0:$metricsPort, beyond this machine"
        $execStart = @(Split-UnitWords ((Get-Content $otherUnit) -match '^ExecStart=' -replace '^ExecStart=', ''))
        $execStart[-2..-1] | Should -Be @('--metrics-address', "0.0.0.0:$metricsPort")

        $arguments.MetricsAddress = 'localhost:9812'
        { Install-RasMfaService @arguments -WarningAction SilentlyContinue } | Should -Throw -ErrorId 'InvalidMetricsAddress,RasMfa.Cmdlets.Service.InstallRasMfaServiceCommand'
        $execStart = @(Split-UnitWords ((Get-Content $otherUnit) -match '^ExecStart=' -replace '^ExecStart=', ''))
        $execStart[-1] | Should -Be "0.0.0.0:$metricsPort"
        Uninstall-RasMfaService -UnitDirectory $arguments.UnitDirectory -ProgramDirectory $arguments.ProgramDirectory -Confirm:$false -WarningAction SilentlyContinue
    }

    It 'refuses a store path holding a carriage return with ServiceUnitValueInvalid, writing nothing' {
        $otherUnits = Join-Path $work 'units-cr'
        $arguments = $installArguments.Clone()
        $arguments.UnitDirectory = $otherUnits
        $saved = $env:RASMFA_DATABASE
        try {
            $env:RASMFA_DATABASE = (Join-Path $folder 'x.db') + "`rExecStartPre=+/bin/id"
            { Install-RasMfaService @arguments -WarningAction SilentlyContinue } | Should -Throw -ErrorId 'ServiceUnitValueInvalid,RasMfa.Cmdlets.Service.InstallRasMfaServiceCommand'
        }
        finally {
            $env:RASMFA_DATABASE = $saved
        }
        Join-Path $otherUnits 'rasmfa.service' | Should -Not -Exist
    }

    It 'installing the same definition again changes nothing and says so' {
        $before = (Get-Item $unitPath).LastWriteTimeUtc
        $again = Install-RasMfaService @installArguments -Verbose -WarningAction SilentlyContinue 4>&1
        ($again | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Match 'already installed as asked'
        ($again | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Status | Should -Be 'Unchanged'
        (Get-Item $unitPath).LastWriteTimeUtc | Should -Be $before
    }

    It 'refuses a different definition without -Force, and replaces it with -Force' {
        $other = $installArguments.Clone()
        $other.Port = $port + 1
        { Install-RasMfaService @other -WarningAction SilentlyContinue } | Should -Throw -ErrorId 'ServiceDefinitionDiffers,RasMfa.Cmdlets.Service.InstallRasMfaServiceCommand'
        Get-UnitValues 'ExecStart' | Should -Match "`"--port`" `"$port`""
        (Install-RasMfaService @other -Force -WarningAction SilentlyContinue).Status | Should -Be 'Updated'
        Get-UnitValues 'ExecStart' | Should -Match "`"--port`" `"$($port + 1)`""
        (Install-RasMfaService @installArguments -Force -WarningAction SilentlyContinue).Status | Should -Be 'Updated'
    }

    It 'warns that a store in /tmp is hidden from the service (PrivateTmp)' {
        $warnings = @()
        Install-RasMfaService @installArguments -Force -WarningVariable warnings -WarningAction SilentlyContinue | Out-Null
        ($warnings -join "`n") | Should -Match 'hidden from the service'
    }

    It 'the Windows service''s host (.NET Framework) carries the same collector choice in its .exe.config' {
        [xml] $config = Get-Content (Join-Path (Split-Path $env:RASMFA_MODULE) 'service/net472/RasMfa.Service.exe.config') -Raw
        $config.configuration.runtime.gcServer.enabled | Should -Be 'true'
        $config.configuration.runtime.gcConcurrent.enabled | Should -Be 'true'
    }

    It 'refuses -Credential on Linux, and a user that does not exist' {
        $credential = [pscredential]::new('someone', (ConvertTo-TestSecret 'x'))
        { Install-RasMfaService -Credential $credential -UnitDirectory $units -ProgramDirectory $programs } | Should -Throw -ErrorId 'ServiceCredentialNotSupported,RasMfa.Cmdlets.Service.InstallRasMfaServiceCommand'
        $missing = $installArguments.Clone()
        $missing.ServiceAccount = 'no-such-user-rasmfa'
        $missing.Force = $true
        { Install-RasMfaService @missing -WarningAction SilentlyContinue } | Should -Throw -ErrorId 'ServiceAccountNotFound,RasMfa.Cmdlets.Service.InstallRasMfaServiceCommand'
    }
}

Describe 'The installed unit, run as systemd would run it' {
    BeforeAll {
        $script:socketPath = Join-Path '/tmp' ('rasmfa-notify-' + [guid]::NewGuid().ToString('N').Substring(0, 8) + '.sock')
        $script:notify = [System.Net.Sockets.Socket]::new([System.Net.Sockets.AddressFamily]::Unix, [System.Net.Sockets.SocketType]::Dgram, [System.Net.Sockets.ProtocolType]::Unspecified)
        $notify.Bind([System.Net.Sockets.UnixDomainSocketEndPoint]::new($socketPath))
        $words = @(Split-UnitWords (Get-UnitValues 'ExecStart'))
        $environment = @{ NOTIFY_SOCKET = $socketPath }
        foreach ($line in Get-UnitValues 'Environment') { $pair = @(Split-UnitWords $line)[0]; $environment[$pair.Split('=', 2)[0]] = $pair.Split('=', 2)[1] }
        # Only what the unit names: the test's own RASMFA_DATABASE is taken away, so that the store found is the unit's.
        $saved = $env:RASMFA_DATABASE
        Remove-Item Env:RASMFA_DATABASE
        try {
            $script:service = Start-Process $words[0] -ArgumentList $words[1..($words.Count - 1)] -Environment $environment `
                -RedirectStandardOutput (Join-Path $work 'host.out') -RedirectStandardError (Join-Path $work 'host.err') -PassThru
        }
        finally { $env:RASMFA_DATABASE = $saved }
        $script:ready = $null
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (-not $ready -and [DateTime]::UtcNow -lt $deadline -and -not $service.HasExited) {
            if ($notify.Poll(100000, [System.Net.Sockets.SelectMode]::SelectRead)) {
                $buffer = [byte[]]::new(4096)
                $ready = [System.Text.Encoding]::UTF8.GetString($buffer, 0, $notify.Receive($buffer)).Trim()
            }
        }
    }

    AfterAll {
        if ($service -and -not $service.HasExited) { & kill -TERM $service.Id; if (-not $service.WaitForExit(20000)) { & kill -9 $service.Id } }
        $notify.Dispose()
        Remove-Item $socketPath -ErrorAction SilentlyContinue
    }

    It 'sends READY=1 and accepts a login with a code' {
        $ready | Should -Be 'READY=1' -Because ((Get-Content (Join-Path $work 'host.out'), (Join-Path $work 'host.err') -Raw -ErrorAction SilentlyContinue) -join "`n")
        Wait-FreshTotpStep
        $reply = Invoke-Radclient -Server "127.0.0.1:$port" -Command auth -Secret $secretText -TimeoutSeconds 10 `
            -Attributes 'User-Name = "alice"', "User-Password = `"$(Get-OathCode -Secret $aliceSecret)`"", 'Message-Authenticator = 0x00'
        $reply.Code | Should -Be 'Access-Accept' -Because $reply.Output
    }

    It 'runs with the runtime settings chosen by measurement: Server GC adapting its heaps, idle pool workers that do not spin' {
        $installedHost = @(Split-UnitWords (Get-UnitValues 'ExecStart'))[1]
        $runtimeConfig = Join-Path (Split-Path $installedHost) 'RasMfa.Service.runtimeconfig.json'
        $properties = (Get-Content $runtimeConfig -Raw | ConvertFrom-Json).runtimeOptions.configProperties
        $properties.'System.GC.Server' | Should -BeTrue
        $properties.'System.GC.DynamicAdaptationMode' | Should -Be 1
        $properties.'System.GC.Concurrent' | Should -BeTrue
        $properties.'System.Threading.ThreadPool.UnfairSemaphoreSpinLimit' | Should -Be 0
        # The running service itself: the runtime names a server collector's threads ".NET Server GC".
        $threads = @(Get-ChildItem "/proc/$($service.Id)/task" | ForEach-Object { Get-Content (Join-Path $_.FullName 'comm') -ErrorAction SilentlyContinue })
        $threads | Should -Contain '.NET Server GC'
    }

    It 'serves its health on the metrics address Install-RasMfaService was given' {
        (Invoke-WebRequest -Uri "http://127.0.0.1:$metricsPort/health/live" -TimeoutSec 5).StatusCode | Should -Be 200
    }
}

Describe 'Start-, Stop-, Restart- and Uninstall-RasMfaService' {
    It 'start, stop and restart go to systemctl, and its failure here (no systemd running) is an error with an id' {
        Start-RasMfaService -WhatIf
        foreach ($command in 'Start-RasMfaService', 'Stop-RasMfaService', 'Restart-RasMfaService') {
            { & $command -Confirm:$false } | Should -Throw -ErrorId "ServiceCommandFailed,RasMfa.Cmdlets.Service.$($command -replace '-', '' -replace '^(\w+?)RasMfa', '$1RasMfa')Command"
        }
    }

    It 'Uninstall -WhatIf keeps it; Uninstall removes the unit and the host''s copy; again, it says there is none' {
        Uninstall-RasMfaService -UnitDirectory $units -ProgramDirectory $programs -WhatIf
        $unitPath | Should -Exist
        Uninstall-RasMfaService -UnitDirectory $units -ProgramDirectory $programs -Confirm:$false
        $unitPath | Should -Not -Exist
        $programs | Should -Not -Exist
        $warnings = @()
        Uninstall-RasMfaService -UnitDirectory $units -ProgramDirectory $programs -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue
        ($warnings -join "`n") | Should -Match 'not installed'
    }
}
