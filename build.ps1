#Requires -Version 5.1
<#
.SYNOPSIS
    Builds, tests and runs RasMfa.
.DESCRIPTION
    Build: an importable module at out/RasMfa (net472 and net8.0 builds, help compiled from docs/help).
    Test:  installs what the tests need when missing, runs xunit and Pester, ends with "N passed, N failed, N skipped".
    Run:   builds, imports and runs the RADIUS server on the embedded store in the foreground until Ctrl+C.
    Clean: removes build output.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 Test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Run', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Run: the UDP port to listen on.
    [int] $Port = 1812,

    # Test: run only the Pester files whose names match.
    [string] $PesterFilter = '*'
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
    built per OS go to dependencies/runtimes/<os>/lib and the top-level placeholder of the same name is left out;
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

function Install-TestPrerequisites {
    # The real components the tests start: FreeRADIUS (client and server) and a Samba AD domain controller.
    $needed = [ordered]@{
        radclient  = 'freeradius-utils'
        freeradius = 'freeradius'
        samba      = 'samba samba-ad-dc winbind krb5-user'
        'samba-tool' = 'samba-common-bin'
        openssl    = 'openssl'
    }
    $missing = @()
    foreach ($command in $needed.Keys) {
        if (-not (Get-Command $command -ErrorAction SilentlyContinue) -and -not (Test-Path "/usr/sbin/$command")) { $missing += $needed[$command] -split ' ' }
    }
    # samba-ad-dc only recommends the schema files that 'samba-tool domain provision' reads.
    if (-not (Test-Path '/usr/share/samba/setup/ad-schema')) { $missing += 'samba-ad-provision' }
    $missing = @($missing | Select-Object -Unique)
    if ($missing.Count -gt 0) {
        $onLinux = [System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::Linux)
        $isRoot = $onLinux -and ((& id -u) -eq '0')
        if (-not $isRoot) { throw "The tests need the Debian packages $($missing -join ', '); install them (apt-get install $($missing -join ' ')) or run as root." }
        Write-Host "Installing $($missing -join ', ') with apt-get"
        $env:DEBIAN_FRONTEND = 'noninteractive'
        Invoke-Native apt-get @('update', '-q')
        Invoke-Native apt-get (@('install', '-y', '-q', '--no-install-recommends') + $missing)
    }
    # Pester comes from its NuGet package (restored by the xunit project's PackageDownload).
    Invoke-Native dotnet @('restore', (Join-Path $root 'RasMfa.sln'), '--nologo', '-v', 'quiet')
}

function Get-PesterModulePath {
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { ((& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim() }
    $path = Join-Path $packages 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $path)) { throw "Pester 5.7.1 was not restored to $path." }
    $path
}

# This PowerShell again, as a command line: pwsh itself, or 'dotnet pwsh.dll' when it runs as a dotnet tool.
function Get-PwshInvocation {
    $processPath = (Get-Process -Id $PID).Path
    if ([System.IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') { return @($processPath, (Join-Path $PSHOME 'pwsh.dll')) }
    @($processPath)
}

function Invoke-XunitTests {
    $results = Join-Path $out 'test-results'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    & dotnet test (Join-Path $root 'tests/RasMfa.Engine.Tests/RasMfa.Engine.Tests.csproj') -c $Configuration --nologo `
        --logger 'trx;LogFileName=xunit.trx' --logger 'console;verbosity=normal' --results-directory $results | Out-Host
    $trx = Join-Path $results 'xunit.trx'
    if (-not (Test-Path $trx)) { return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 } }
    $counters = ([xml](Get-Content $trx -Raw)).TestRun.ResultSummary.Counters
    [pscustomobject]@{ Passed = [int]$counters.passed; Failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout; Skipped = [int]$counters.notExecuted }
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
        $xunit = Invoke-XunitTests
        $pester = Invoke-PesterTests
        Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped"
        Write-Host "Pester: $($pester.Passed) passed, $($pester.Failed) failed, $($pester.Skipped) skipped"
        $failed = $xunit.Failed + $pester.Failed
        Write-Output "$($xunit.Passed + $pester.Passed) passed, $failed failed, $($xunit.Skipped + $pester.Skipped) skipped"
        if ($failed -gt 0) { exit 1 }
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
                    Write-Host ('{0:u} {1} {2}' -f $entry.TimeUtc, $entry.Level, $entry.Message)
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
