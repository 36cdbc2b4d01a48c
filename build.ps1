#Requires -Version 5.1
<#
.SYNOPSIS
    Builds, tests and runs RasMfa.
.DESCRIPTION
    Build: an importable module at out/RasMfa (net472 and net8.0 builds, help compiled from docs/help), with the service
           host published into it at out/RasMfa/service/<framework>.
    Test:  installs what the tests need when missing, runs xunit and Pester, ends with "N passed, N failed, N skipped".
    Run:   builds, imports and runs the RADIUS server on the embedded store in the foreground until Ctrl+C.
    PostgreSql: starts a throwaway PostgreSQL 15 cluster on a free loopback port for running the tests by hand and prints
           the RASMFA_TEST_POSTGRES line to set; -Stop stops the one RASMFA_TEST_POSTGRES (or -Descriptor) names.
    Fuzz:  installs AFL++ when missing, builds and instruments the fuzz harness, fuzzes the packet decoder and the
           request path for -Seconds in all (Test does this for 60 s); fails on a crash (docs/fuzzing.md).
    Clean: removes build output.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 Test
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 Fuzz -Seconds 3600 -Resume
.EXAMPLE
    dotnet pwsh ./build.ps1 PostgreSql; export RASMFA_TEST_POSTGRES=...; dotnet pwsh ./build.ps1 PostgreSql -Stop
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Run', 'Clean', 'Fuzz', 'PostgreSql')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Run: the UDP port to listen on.
    [int] $Port = 1812,

    # Test: run only the Pester files whose names match.
    [string] $PesterFilter = '*',

    # Fuzz: how long to fuzz, in all (split between the targets).
    [int] $Seconds = 60,

    # Fuzz: go on from the corpus the last run under out/fuzz grew, instead of starting again from the seeds.
    [switch] $Resume,

    # PostgreSql: stop the cluster the descriptor names instead of starting one.
    [switch] $Stop,

    # PostgreSql -Stop: the descriptor of the cluster to stop (default: RASMFA_TEST_POSTGRES).
    [string] $Descriptor = $env:RASMFA_TEST_POSTGRES
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3
$root = $PSScriptRoot
$out = Join-Path $root 'out'
$moduleOut = Join-Path $out 'RasMfa'
# Native SQLite builds shipped with the module; the loader picks one at run time.
$nativeRuntimes = 'win-x64', 'win-x86', 'win-arm64', 'linux-x64', 'linux-arm64', 'linux-musl-x64', 'osx-x64', 'osx-arm64'

function Invoke-Native {
    param([string] $Command, [string[]] $Arguments)
    & $Command @Arguments
    if ($LASTEXITCODE -ne 0) { throw "'$Command $($Arguments -join ' ')' failed with exit code $LASTEXITCODE." }
}

function Invoke-Build {
    foreach ($framework in 'net8.0', 'net472') {
        $publish = Join-Path $out "publish/$framework"
        if (Test-Path $publish) { Remove-Item $publish -Recurse -Force }
        Invoke-Native dotnet @('publish', (Join-Path $root 'src/RasMfa.Cmdlets/RasMfa.Cmdlets.csproj'), '-c', $Configuration, '-f', $framework, '-o', $publish, '--nologo', '-v', 'quiet')
        $bin = Join-Path $moduleOut "bin/$framework"
        if (Test-Path $bin) { Remove-Item $bin -Recurse -Force }
        Copy-ModuleLayout -Publish $publish -Bin $bin
    }
    Publish-ServiceHost
    Copy-Item (Join-Path $root 'module/*') $moduleOut -Force
    Import-Module (Join-Path $root 'tools/HelpCompiler.psm1') -Force
    $helpFile = Join-Path $moduleOut 'en-US/RasMfa.Cmdlets.dll-Help.xml'
    ConvertTo-RasMfaMamlHelp -MarkdownFolder (Join-Path $root 'docs/help') -OutputPath $helpFile
    foreach ($framework in 'net8.0', 'net472') {
        $cultureFolder = Join-Path $moduleOut "bin/$framework/en-US"
        New-Item -ItemType Directory -Path $cultureFolder -Force | Out-Null
        Copy-Item $helpFile $cultureFolder
    }
    Write-Host "Module built at $moduleOut"
}

<#
    Lays out one framework's build: the cmdlets assembly in bin/<framework>, where PowerShell loads it, and everything
    else in bin/<framework>/dependencies, where only the module's loader looks (RasMfa.Cmdlets/Loading). Assemblies
    built per OS go to dependencies/runtimes/<os>/lib and the top-level placeholder of the same name is left out, except
    for the assemblies in $realBesideWindowsBuild, whose top-level build is the real one for every OS but Windows;
    SQLite's native builds go to dependencies/runtimes/<rid>/native.
#>
function Copy-ModuleLayout {
    param([string] $Publish, [string] $Bin)
    $dependencies = Join-Path $Bin 'dependencies'
    New-Item -ItemType Directory -Path $dependencies -Force | Out-Null
    $perOs = @{}
    foreach ($os in 'win', 'linux', 'osx', 'unix') {
        $lib = Join-Path $Publish "runtimes/$os/lib"
        if (-not (Test-Path $lib)) { continue }
        $target = Join-Path $dependencies "runtimes/$os/lib"
        New-Item -ItemType Directory -Path $target -Force | Out-Null
        foreach ($file in Get-ChildItem $lib -Recurse -File -Filter '*.dll') {
            Copy-Item $file.FullName $target
            $perOs[$file.Name] = $true
        }
    }
    # System.Security.Cryptography.Pkcs (MimeKit's, for the mail provider) has a Windows build and a managed one for the
    # rest; Microsoft.Win32.SystemEvents' top-level build, by contrast, is a placeholder.
    $realBesideWindowsBuild = @('System.Security.Cryptography.Pkcs.dll')
    foreach ($name in $realBesideWindowsBuild) { $perOs.Remove($name) }
    foreach ($file in Get-ChildItem $Publish -File) {
        # PowerShell itself provides System.Management.Automation; shipping it would shadow the host's.
        if ($file.Name -eq 'System.Management.Automation.dll' -or $file.Extension -eq '.json' -or $perOs[$file.Name]) { continue }
        $destination = if ($file.BaseName -eq 'RasMfa.Cmdlets') { $Bin } else { $dependencies }
        Copy-Item $file.FullName $destination
    }
    foreach ($rid in $nativeRuntimes) {
        $native = Join-Path $root "src/RasMfa.Cmdlets/bin/$Configuration/net8.0/runtimes/$rid/native"
        if (-not (Test-Path $native)) { $native = Join-Path $Publish "runtimes/$rid/native" }
        if (Test-Path $native) {
            $target = Join-Path $dependencies "runtimes/$rid/native"
            New-Item -ItemType Directory -Path $target -Force | Out-Null
            Copy-Item (Join-Path $native '*') $target
        }
    }
}

<#
    Publishes the service host (src/RasMfa.Service) into the module at service/<framework>, where the install cmdlets point a
    systemd unit (net8.0: dotnet RasMfa.Service.dll) or a Windows service (net472: RasMfa.Service.exe) at it. The net8.0
    build keeps the native SQLite of the platforms the module ships ($nativeRuntimes) and drops the rest; the net472 build
    gets them from it, since SqliteNativeLoader looks for them in runtimes/<rid>/native there.
#>
function Publish-ServiceHost {
    $project = Join-Path $root 'src/RasMfa.Service/RasMfa.Service.csproj'
    $serviceOut = Join-Path $moduleOut 'service'
    if (Test-Path $serviceOut) { Remove-Item $serviceOut -Recurse -Force }
    foreach ($framework in 'net8.0', 'net472') {
        $target = Join-Path $serviceOut $framework
        Invoke-Native dotnet @('publish', $project, '-c', $Configuration, '-f', $framework, '-o', $target, '--nologo', '-v', 'quiet')
        Get-ChildItem $target -Filter '*.pdb' | Remove-Item
    }
    foreach ($folder in Get-ChildItem (Join-Path $serviceOut 'net8.0/runtimes') -Directory) {
        $keep = $folder.Name -in $nativeRuntimes -or $folder.Name -in 'win', 'linux', 'osx', 'unix'
        if (-not $keep) { Remove-Item $folder.FullName -Recurse -Force }
    }
    foreach ($rid in $nativeRuntimes) {
        $native = Join-Path $serviceOut "net8.0/runtimes/$rid/native"
        if (-not (Test-Path $native)) { continue }
        $destination = Join-Path $serviceOut "net472/runtimes/$rid/native"
        New-Item -ItemType Directory -Path $destination -Force | Out-Null
        Copy-Item (Join-Path $native '*') $destination
    }
}

function Install-TestPrerequisites {
    # The real components the tests start: FreeRADIUS (client and server), a Samba AD domain controller, and Mono.
    $needed = [ordered]@{
        radclient  = 'freeradius-utils'
        freeradius = 'freeradius'
        samba      = 'samba samba-ad-dc winbind krb5-user'
        'samba-tool' = 'samba-common-bin'
        openssl    = 'openssl'
        # The engine's net472 build (Windows PowerShell 5.1's) runs its xunit suite under Mono.
        mono       = 'mono-complete'
        # The bounded fuzz run (tools/Fuzzing.psm1).
        'afl-fuzz' = 'afl++'
        # Install-RasMfaService's unit is checked by systemd's own verifier.
        'systemd-analyze' = 'systemd'
        # The push approval page's tests drive a real browser (Selenium, headless) through Debian's chromium and its driver.
        chromium     = 'chromium'
        chromedriver = 'chromium-driver'
        # The SMTP server the e-mail tests send to (tests/Smtp/smtp_test_server.py, run by Debian's /usr/bin/python3).
        aiosmtpd   = 'python3-aiosmtpd'
    }
    $extra = @()
    # samba-ad-dc only recommends the schema files that 'samba-tool domain provision' reads.
    if (-not (Test-Path '/usr/share/samba/setup/ad-schema')) { $extra += 'samba-ad-provision' }
    # The throwaway PostgreSQL cluster (tools/PostgreSqlCluster.psm1): Debian keeps initdb and pg_ctl off the PATH. The
    # package brings psql (postgresql-client-15), which the Pester tests use.
    if (-not (Test-Path '/usr/lib/postgresql/15/bin/initdb')) { $extra += 'postgresql-15' }
    Install-DebianPackages -Needed $needed -Extra $extra
    # NuGet brings what the tests run with: Pester and xunit.runner.console (PackageDownloads of the xunit project) and the
    # .NET 8 runtime pack of its self-contained net8.0 build.
    Invoke-Native dotnet @('restore', (Join-Path $root 'RasMfa.sln'), '--nologo', '-v', 'quiet')
}

# Installs, with apt-get when running as root on Linux, the packages of each command (key) that is not on the PATH or in
# /usr/sbin, and $Extra; otherwise says what to install.
function Install-DebianPackages {
    param([System.Collections.IDictionary] $Needed, [string[]] $Extra = @())
    $missing = @($Extra)
    foreach ($command in $Needed.Keys) {
        if (-not (Get-Command $command -ErrorAction SilentlyContinue) -and -not (Test-Path "/usr/sbin/$command")) { $missing += $Needed[$command] -split ' ' }
    }
    $missing = @($missing | Select-Object -Unique)
    if ($missing.Count -eq 0) { return }
    $onLinux = [System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::Linux)
    $isRoot = $onLinux -and ((& id -u) -eq '0')
    if (-not $isRoot) { throw "This task needs the Debian packages $($missing -join ', '); install them (apt-get install $($missing -join ' ')) or run as root." }
    Write-Host "Installing $($missing -join ', ') with apt-get"
    $env:DEBIAN_FRONTEND = 'noninteractive'
    Invoke-Native apt-get @('update', '-q')
    Invoke-Native apt-get (@('install', '-y', '-q', '--no-install-recommends') + $missing)
}

function Get-PesterModulePath {
    $path = Join-Path (Get-NuGetPackageFolder) 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $path)) { throw "Pester 5.7.1 was not restored to $path." }
    $path
}

# This PowerShell again, as a command line: pwsh itself, or 'dotnet pwsh.dll' when it runs as a dotnet tool.
function Get-PwshInvocation {
    $processPath = (Get-Process -Id $PID).Path
    if ([System.IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') { return @($processPath, (Join-Path $PSHOME 'pwsh.dll')) }
    @($processPath)
}

function Get-NuGetPackageFolder {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    ((& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim()
}

# The engine's xunit suite on each runtime the module runs on: net10.0 (the SDK's), net8.0 (self-contained on the .NET 8
# runtime pack: PowerShell 7.4's runtime) and net472 under Mono (Windows PowerShell 5.1's build). One line each; the sum.
function Invoke-XunitTests {
    $results = Join-Path $out 'test-results'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    New-Item -ItemType Directory -Path $results | Out-Null
    $project = Join-Path $root 'tests/RasMfa.Engine.Tests/RasMfa.Engine.Tests.csproj'
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    & dotnet build $project -c $Configuration --nologo -v quiet | Out-Host
    $runs = @(
        if ($LASTEXITCODE -ne 0) { New-XunitCount 'build' 'the test project did not build' 0 1 0 $watch.Elapsed }
        else {
            Write-Host ('xunit: test project built for net10.0, net8.0 and net472 in {0:n0} s' -f $watch.Elapsed.TotalSeconds)
            foreach ($framework in 'net10.0', 'net8.0') { Invoke-DotnetXunit -Project $project -Framework $framework -Results $results }
            Invoke-MonoXunit -Assembly (Join-Path $root "tests/RasMfa.Engine.Tests/bin/$Configuration/net472/RasMfa.Engine.Tests.dll") -Results $results
        }
    )
    foreach ($run in $runs) {
        Write-Host ('xunit {0}: {1} passed, {2} failed, {3} skipped ({4}, {5:n0} s)' -f $run.Framework, $run.Passed, $run.Failed, $run.Skipped, $run.Runtime, $run.Elapsed.TotalSeconds)
    }
    [pscustomobject]@{
        Passed  = ($runs | Measure-Object Passed -Sum).Sum
        Failed  = ($runs | Measure-Object Failed -Sum).Sum
        Skipped = ($runs | Measure-Object Skipped -Sum).Sum
    }
}

function New-XunitCount([string] $Framework, [string] $Runtime, [int] $Passed, [int] $Failed, [int] $Skipped, [timespan] $Elapsed) {
    [pscustomobject]@{ Framework = $Framework; Runtime = $Runtime; Passed = $Passed; Failed = $Failed; Skipped = $Skipped; Elapsed = $Elapsed }
}

# RuntimeTests prints "runtime: <RuntimeInformation.FrameworkDescription>": the proof of which runtime ran the suite.
function Get-XunitRuntimeLine([string] $Output) {
    if ("$Output" -match 'runtime: ([^\r\n(]+)') { return $Matches[1].Trim() }
    'runtime not reported'
}

function Invoke-DotnetXunit([string] $Project, [string] $Framework, [string] $Results) {
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $trx = "xunit-$Framework.trx"
    & dotnet test $Project -c $Configuration -f $Framework --no-build --nologo --logger "trx;LogFileName=$trx" --logger 'console;verbosity=normal' `
        --results-directory $Results | Out-Host
    $path = Join-Path $Results $trx
    if (-not (Test-Path $path)) { return New-XunitCount $Framework 'no results written' 0 1 0 $watch.Elapsed }
    $run = ([xml](Get-Content $path -Raw)).TestRun
    $counters = $run.ResultSummary.Counters
    $runtimeTest = @($run.Results.UnitTestResult | Where-Object { $_.testName -like '*RuntimeTests.The_suite_runs_on_the_runtime_its_build_targets' })
    $runtime = Get-XunitRuntimeLine $(if ($runtimeTest.Count -gt 0 -and $runtimeTest[0]['Output']) { $runtimeTest[0]['Output'].InnerText })
    New-XunitCount $Framework $runtime ([int]$counters.passed) ([int]$counters.failed + [int]$counters.error + [int]$counters.timeout) ([int]$counters.notExecuted) $watch.Elapsed
}

function Invoke-MonoXunit([string] $Assembly, [string] $Results) {
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $console = Join-Path (Get-NuGetPackageFolder) 'xunit.runner.console/2.4.1/tools/net472/xunit.console.exe'
    if (-not (Test-Path $console)) { return New-XunitCount 'net472' "xunit.runner.console 2.4.1 was not restored to $console" 0 1 0 $watch.Elapsed }
    $xml = Join-Path $Results 'xunit-net472.xml'
    # -noshadow: assemblies loaded in place, as Windows PowerShell loads a module's, so SQLite's native library is found
    # beside the engine the way the module needs it (not through the loader's fallback for shadow-copying hosts).
    $monoTimeoutSeconds = 300  # the suite takes about a minute here
    # Once in several CI runs the suite under Mono has spun without end (never under .NET, never alone); until that is
    # found, a run past $monoTimeoutSeconds has its threads dumped into the log (SIGQUIT) for the diagnosis, is stopped,
    # and is run once more: the dump and the line below say that it happened.
    foreach ($try in 1, 2) {
        Remove-Item $xml -ErrorAction Ignore
        $start = [System.Diagnostics.ProcessStartInfo]::new('mono')
        foreach ($argument in $console, $Assembly, '-noshadow', '-xml', $xml) { $start.ArgumentList.Add($argument) }
        $mono = [System.Diagnostics.Process]::Start($start)
        if ($mono.WaitForExit($monoTimeoutSeconds * 1000)) { break }
        Write-Host "xunit net472: Mono had not finished after $monoTimeoutSeconds s (try $try of 2): its threads, then it is stopped"
        & kill -QUIT $mono.Id
        Start-Sleep -Seconds 5
        $mono.Kill()
        $mono.WaitForExit()
    }
    if (-not (Test-Path $xml)) { return New-XunitCount 'net472' 'no results written' 0 1 0 $watch.Elapsed }
    $document = [xml](Get-Content $xml -Raw)
    $assemblyResult = $document.assemblies.assembly
    $runtimeTest = @($document.SelectNodes('//test') | Where-Object { $_.name -like '*RuntimeTests.The_suite_runs_on_the_runtime_its_build_targets' })
    $runtime = Get-XunitRuntimeLine $(if ($runtimeTest.Count -gt 0 -and $runtimeTest[0]['output']) { $runtimeTest[0]['output'].InnerText })
    $count = { param($name) [int]$assemblyResult.GetAttribute($name) }  # 'errors' is also a child element's name
    New-XunitCount 'net472' $runtime (& $count passed) ((& $count failed) + (& $count errors)) (& $count skipped) $watch.Elapsed
}

function Invoke-PesterTests {
    $env:RASMFA_MODULE = Join-Path $moduleOut 'RasMfa.psd1'
    $pesterPath = Get-PesterModulePath
    # A child process, so that the module and its listener never outlive the run in this session.
    $script = @"
Import-Module '$pesterPath'
`$configuration = New-PesterConfiguration
`$configuration.Run.Path = '$(Join-Path $root 'tests/Pester')'
`$configuration.Run.PassThru = `$true
`$configuration.Filter.FullName = @()
`$configuration.Output.Verbosity = 'Detailed'
`$files = Get-ChildItem '$(Join-Path $root 'tests/Pester')' -Filter '$PesterFilter.Tests.ps1'
`$configuration.Run.Path = @(`$files.FullName)
`$result = Invoke-Pester -Configuration `$configuration
"PESTER-COUNTS `$(`$result.PassedCount) `$(`$result.FailedCount + `$result.FailedBlocksCount + `$result.FailedContainersCount) `$(`$result.SkippedCount + `$result.NotRunCount)"
"@
    [string[]] $pwsh = Get-PwshInvocation
    $lines = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $script
    $counts = $null
    foreach ($line in $lines) {
        if ("$line" -match '^PESTER-COUNTS (\d+) (\d+) (\d+)$') { $counts = $Matches } else { Write-Host $line }
    }
    if (-not $counts) { return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 } }
    [pscustomobject]@{ Passed = [int]$counts[1]; Failed = [int]$counts[2]; Skipped = [int]$counts[3] }
}

switch ($Task) {
    'Clean' {
        if (Test-Path $out) { Remove-Item $out -Recurse -Force }
        Invoke-Native dotnet @('clean', (Join-Path $root 'RasMfa.sln'), '--nologo', '-v', 'quiet')
    }
    'Build' { Invoke-Build }
    'Test' {
        Install-TestPrerequisites
        Invoke-Build
        # The micro-benchmarks are not run by the tests, but they must keep compiling (the load generator is built by Load.Tests.ps1).
        Invoke-Native dotnet @('build', (Join-Path $root 'bench/RasMfa.Micro/RasMfa.Micro.csproj'), '-c', $Configuration, '--nologo', '-v', 'quiet')
        # A minute of coverage-guided fuzzing (both targets), before the domain controller starts; a crash fails the run.
        Import-Module (Join-Path $root 'tools/Fuzzing.psm1') -Force
        $fuzz = Invoke-Fuzzing -Root $root -Seconds 60 -Configuration $Configuration
        # One Samba AD domain controller for the whole run (it binds the fixed ports 389 and 636), named to the test
        # processes by RASMFA_TEST_SAMBA: xunit uses it first with users of its own, then Pester's Directory tests.
        Import-Module (Join-Path $root 'tools/SambaDomain.psm1') -Force
        # One throwaway PostgreSQL cluster for the whole run (on a free loopback port), named by RASMFA_TEST_POSTGRES: each
        # test makes its own database in it.
        Import-Module (Join-Path $root 'tools/PostgreSqlCluster.psm1') -Force
        $samba = $null
        $postgres = $null
        try {
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $samba = Start-SambaDomain
            $env:RASMFA_TEST_SAMBA = Join-Path $samba.Directory 'descriptor.json'
            Save-SambaDomainDescriptor -Samba $samba -Path $env:RASMFA_TEST_SAMBA
            Write-Host ('Samba AD domain controller {0} started in {1:n0} s' -f $samba.Realm, $watch.Elapsed.TotalSeconds)
            $watch.Restart()
            $postgres = Start-PostgreSqlCluster
            $env:RASMFA_TEST_POSTGRES = Join-Path $postgres.Directory 'descriptor.json'
            Save-PostgreSqlClusterDescriptor -Cluster $postgres -Path $env:RASMFA_TEST_POSTGRES
            Write-Host ('PostgreSQL 15 cluster on 127.0.0.1:{0} started in {1:n1} s' -f $postgres.Port, $watch.Elapsed.TotalSeconds)
            $xunit = Invoke-XunitTests
            $watch.Restart()
            $pester = Invoke-PesterTests
            $pesterTime = $watch.Elapsed
        }
        finally {
            Remove-Item Env:RASMFA_TEST_SAMBA -ErrorAction SilentlyContinue
            Remove-Item Env:RASMFA_TEST_POSTGRES -ErrorAction SilentlyContinue
            Stop-PostgreSqlCluster $postgres
            Stop-SambaDomain $samba
        }
        Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped"
        Write-Host ('Pester: {0} passed, {1} failed, {2} skipped ({3:n0} s)' -f $pester.Passed, $pester.Failed, $pester.Skipped, $pesterTime.TotalSeconds)
        Write-Host "Fuzzing: $($fuzz.Passed) targets without a crash, $($fuzz.Failed) with one"
        $failed = $xunit.Failed + $pester.Failed + $fuzz.Failed
        Write-Output "$($xunit.Passed + $pester.Passed + $fuzz.Passed) passed, $failed failed, $($xunit.Skipped + $pester.Skipped) skipped"
        if ($failed -gt 0) { exit 1 }
    }
    'PostgreSql' {
        Import-Module (Join-Path $root 'tools/PostgreSqlCluster.psm1') -Force
        if ($Stop) {
            if (-not $Descriptor -or -not (Test-Path $Descriptor)) { throw "No cluster to stop: set RASMFA_TEST_POSTGRES or -Descriptor to the descriptor 'build.ps1 PostgreSql' printed." }
            Stop-PostgreSqlCluster (Read-PostgreSqlClusterDescriptor -Path $Descriptor)
            Write-Host "Stopped and removed the cluster of $Descriptor."
            return
        }
        Install-DebianPackages -Needed ([ordered]@{}) -Extra @(if (-not (Test-Path '/usr/lib/postgresql/15/bin/initdb')) { 'postgresql-15' })
        $postgres = Start-PostgreSqlCluster
        $path = Join-Path $postgres.Directory 'descriptor.json'
        Save-PostgreSqlClusterDescriptor -Cluster $postgres -Path $path
        Write-Host "PostgreSQL 15 cluster on 127.0.0.1:$($postgres.Port) (data in $($postgres.Directory)). For the tests, in your shell:"
        Write-Output "RASMFA_TEST_POSTGRES=$path"
        Write-Host "  export RASMFA_TEST_POSTGRES=$path"
        Write-Host "Stop it and remove its folder with: dotnet pwsh ./build.ps1 PostgreSql -Stop   (with RASMFA_TEST_POSTGRES set)"
    }
    'Fuzz' {
        Install-DebianPackages -Needed ([ordered]@{ 'afl-fuzz' = 'afl++' })
        Import-Module (Join-Path $root 'tools/Fuzzing.psm1') -Force
        $fuzz = Invoke-Fuzzing -Root $root -Seconds $Seconds -Configuration $Configuration -Resume:$Resume
        Write-Output "Fuzzing: $($fuzz.Passed) targets without a crash, $($fuzz.Failed) with one"
        if ($fuzz.Failed -gt 0) { exit 1 }
    }
    'Run' {
        Invoke-Build
        Import-Module (Join-Path $moduleOut 'RasMfa.psd1') -Force
        $status = Start-RasMfaRadiusServer -Port $Port -PassThru
        Write-Host "RasMfa RADIUS server listening on $($status.Endpoints -join ', ')"
        Write-Host "Store: $($status.Database) ($($status.ClientCount) RADIUS clients)"
        Write-Host "Add a RADIUS client (such as Parallels RAS) from another PowerShell session; it is served within 2 seconds:"
        Write-Host "  Import-Module $moduleOut/RasMfa.psd1"
        Write-Host "  Add-RasMfaRadiusClient -Name RAS01 -Address 192.0.2.10 -SharedSecret (Read-Host -AsSecureString 'Shared secret')"
        Write-Host "Press Ctrl+C to stop."
        $seen = 0
        try {
            while ($true) {
                foreach ($entry in Get-RasMfaRadiusServer -Log -After $seen) {
                    Write-Host ('{0:u} {1} [{2}] {3}' -f $entry.TimeUtc, $entry.Level, $entry.EventId, $entry.Message)
                    $seen = $entry.Sequence
                }
                Start-Sleep -Milliseconds 500
            }
        }
        finally {
            Stop-RasMfaRadiusServer -ErrorAction SilentlyContinue
            Write-Host 'Stopped.'
        }
    }
}
