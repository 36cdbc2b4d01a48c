<#
.SYNOPSIS
    The module's size on disk and the time Import-Module takes in a fresh PowerShell, against baselines measured in the same run.
.DESCRIPTION
    Each sample is a new PowerShell process (the order of loading is real only there), run -Runs times; the figure is the median
    wall time. The baseline is the same PowerShell starting and doing nothing (what any Import-Module cannot avoid); with
    -BaselineModule, that module (for example main's build before a change) is timed in the same run as well, and the ratio
    printed against it. Also listed: which of the large optional assemblies (Microsoft.Graph, Azure.*, MSAL, Kestrel, MailKit,
    Twilio) the import loaded, since those should load only when a cmdlet first needs them.
.EXAMPLE
    dotnet pwsh ./bench/Measure-ModuleLoad.ps1 -Runs 7 -BaselineModule /tmp/main-build/RasMfa/RasMfa.psd1
#>
param(
    [ValidateRange(3, 51)] [int] $Runs = 7,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/RasMfa/RasMfa.psd1'),
    [string] $BaselineModule
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3

$processPath = (Get-Process -Id $PID).Path
# The dotnet-tool pwsh runs as dotnet with pwsh.dll as its first argument.
[string[]] $prefix = if ([System.IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') { @(Join-Path $PSHOME 'pwsh.dll') } else { @() }
$optional = 'Microsoft.Graph', 'Microsoft.Kiota', 'Azure.', 'Microsoft.Identity.Client', 'Microsoft.AspNetCore', 'MailKit', 'MimeKit', 'Twilio'

function Measure-Run([string] $Command) {
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $output = & $processPath @prefix -NoProfile -NonInteractive -Command $Command 2>&1
    $watch.Stop()
    if ($LASTEXITCODE -ne 0) { throw "The measured PowerShell failed ($LASTEXITCODE): $output" }
    [pscustomobject]@{ Milliseconds = $watch.Elapsed.TotalMilliseconds; Output = $output }
}

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    $sorted[[int][Math]::Floor($sorted.Count / 2)]
}

function Measure-Module([string] $Path) {
    $folder = Split-Path (Resolve-Path $Path)
    $files = Get-ChildItem $folder -Recurse -File
    # Lists the loaded assemblies after the import, across load contexts (the module isolates its own).
    $command = "Import-Module '$Path'; Get-Command -Module RasMfa | Out-Null; [AppDomain]::CurrentDomain.GetAssemblies().GetName().Name -join ','"
    $samples = 1..$Runs | ForEach-Object { Measure-Run $command }
    $loaded = ($samples[-1].Output | Select-Object -Last 1) -split ','
    [pscustomobject]@{
        Module = $Path
        SizeMegabytes = [Math]::Round(($files | Measure-Object Length -Sum).Sum / 1MB, 1)
        Files = $files.Count
        ImportMilliseconds = [Math]::Round((Get-Median ($samples.Milliseconds)), 0)
        OptionalLoaded = @($loaded | Where-Object { $name = $_; $optional | Where-Object { $name.StartsWith($_) } }) -join ', '
    }
}

# Warm the file cache and the runtime once, so the first sample is not a cold disk read.
Measure-Run 'exit 0' | Out-Null
$baseline = Get-Median ((1..$Runs | ForEach-Object { Measure-Run 'exit 0' }).Milliseconds)
$results = @(Measure-Module $ModulePath)
if ($BaselineModule) { $results += Measure-Module $BaselineModule }

"PowerShell start alone (baseline): $([Math]::Round($baseline, 0)) ms (median of $Runs)"
foreach ($result in $results) {
    $import = $result.ImportMilliseconds - $baseline
    "{0}: {1} MB in {2} files; start + Import-Module {3} ms, the import's own {4} ms ({5:N2}x PowerShell's start); optional assemblies loaded: {6}" -f `
        $result.Module, $result.SizeMegabytes, $result.Files, $result.ImportMilliseconds, [Math]::Round($import, 0), ($import / $baseline),
        $(if ($result.OptionalLoaded) { $result.OptionalLoaded } else { 'none' })
}
if ($BaselineModule) {
    $ratioTime = ($results[0].ImportMilliseconds - $baseline) / [Math]::Max(1, $results[1].ImportMilliseconds - $baseline)
    "Against the baseline module: size {0:N2}x, the import's own time {1:N2}x" -f ($results[0].SizeMegabytes / $results[1].SizeMegabytes), $ratioTime
}
