<#
.SYNOPSIS
    What Entra ID support (RasMfa.Entra with Microsoft.Graph, Azure.Identity, Azure.Core, MSAL, Kiota) costs the module:
    its size on disk, and Import-Module time against the same module with those files taken out, in one run.
.DESCRIPTION
    The files Entra brings are those of RasMfa.Entra's packages that the engine's packages do not bring (read from the two
    projects' obj/project.assets.json, so build first). A copy of out/RasMfa without them is the baseline. Import-Module
    of each is timed in fresh PowerShell processes, alternating, -Runs times each; the ratio of the medians is printed,
    with whether Import-Module loaded any of those assemblies (it must not: they load when an Entra cmdlet first needs them).
.EXAMPLE
    dotnet pwsh ./build.ps1 Build; dotnet pwsh ./bench/Measure-EntraFootprint.ps1 -Runs 7
#>
param([int] $Runs = 7)
$ErrorActionPreference = 'Stop'
$root = Split-Path $PSScriptRoot
$module = Join-Path $root 'out/RasMfa'

function Get-PackageFiles([string] $Project, [string] $Framework) {
    $assets = Get-Content (Join-Path $root "src/$Project/obj/project.assets.json") -Raw | ConvertFrom-Json
    $target = $assets.targets.PSObject.Properties | Where-Object Name -eq $(if ($Framework -eq 'net8.0') { 'net8.0' } else { '.NETFramework,Version=v4.7.2' })
    # Packages only: the project references (RasMfa.Engine) are in the module whatever Entra does.
    $names = foreach ($library in $target.Value.PSObject.Properties | Where-Object { $_.Value.type -eq 'package' }) {
        foreach ($kind in 'runtime', 'runtimeTargets') {
            $files = $library.Value.$kind
            if ($files) { foreach ($file in $files.PSObject.Properties.Name) { [System.IO.Path]::GetFileName($file) } }
        }
    }
    $names | Where-Object { $_ -like '*.dll' } | Sort-Object -Unique
}

$entraOnly = @{}
foreach ($framework in 'net8.0', 'net472') {
    $engineFiles = Get-PackageFiles 'RasMfa.Engine' $framework
    $entraOnly[$framework] = @(Get-PackageFiles 'RasMfa.Entra' $framework | Where-Object { $_ -notin $engineFiles }) + 'RasMfa.Entra.dll'
}

$baseline = Join-Path ([System.IO.Path]::GetTempPath()) ('rasmfa-no-entra-' + [guid]::NewGuid().ToString('N'))
Copy-Item $module $baseline -Recurse
foreach ($framework in 'net8.0', 'net472') {
    Get-ChildItem (Join-Path $baseline "bin/$framework/dependencies") -Recurse -File |
        Where-Object { $_.Name -in $entraOnly[$framework] -or $_.Name -eq 'RasMfa.Entra.pdb' } | Remove-Item
}
foreach ($framework in 'net8.0', 'net472') {
    Get-ChildItem (Join-Path $baseline "service/$framework") -Recurse -File |
        Where-Object { $_.Name -in $entraOnly[$framework] -or $_.Name -eq 'RasMfa.Entra.pdb' } | Remove-Item
}

function Get-Size([string] $Path) { (Get-ChildItem $Path -Recurse -File | Measure-Object Length -Sum).Sum }

$pattern = '^(Microsoft\.Graph|Azure\.|Microsoft\.Identity\.Client|Microsoft\.Kiota|RasMfa\.Entra)'
$probe = {
    param($manifest)
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    Import-Module $manifest
    $watch.Stop()
    $loaded = @([System.AppDomain]::CurrentDomain.GetAssemblies().GetName().Name | Where-Object { $_ -match '^(Microsoft\.Graph|Azure\.|Microsoft\.Identity\.Client|Microsoft\.Kiota|RasMfa\.Entra)' })
    "$($watch.Elapsed.TotalMilliseconds)|$($loaded -join ',')"
}
$processPath = (Get-Process -Id $PID).Path
[string[]] $prefix = if ([System.IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') { @(Join-Path $PSHOME 'pwsh.dll') } else { @() }
function Measure-Import([string] $Manifest) {
    $command = "& { $probe } '$Manifest'"
    $line = & $processPath @prefix -NoProfile -NonInteractive -Command $command
    $parts = "$line".Split('|')
    [pscustomobject]@{ Milliseconds = [double]$parts[0]; Loaded = $parts[1] }
}

$with = @(); $without = @()
Measure-Import (Join-Path $module 'RasMfa.psd1') | Out-Null   # warm the disk cache for both
Measure-Import (Join-Path $baseline 'RasMfa.psd1') | Out-Null
for ($i = 0; $i -lt $Runs; $i++) {
    $with += Measure-Import (Join-Path $module 'RasMfa.psd1')
    $without += Measure-Import (Join-Path $baseline 'RasMfa.psd1')
}
function Get-Median([double[]] $Values) { $sorted = $Values | Sort-Object; $sorted[[int][math]::Floor($sorted.Count / 2)] }

$sizeWith = Get-Size $module; $sizeWithout = Get-Size $baseline
$net8With = Get-Size (Join-Path $module 'bin/net8.0'); $net8Without = Get-Size (Join-Path $baseline 'bin/net8.0')
$importWith = Get-Median $with.Milliseconds; $importWithout = Get-Median $without.Milliseconds
[pscustomobject]@{
    'module MB (with Entra)'          = [math]::Round($sizeWith / 1MB, 1)
    'module MB (without)'             = [math]::Round($sizeWithout / 1MB, 1)
    'size ratio'                      = [math]::Round($sizeWith / $sizeWithout, 3)
    'bin/net8.0 MB with / without'    = '{0:N1} / {1:N1}' -f ($net8With / 1MB), ($net8Without / 1MB)
    'Import-Module ms median (with)'  = [math]::Round($importWith)
    'Import-Module ms median (without)' = [math]::Round($importWithout)
    'Import-Module time ratio'        = [math]::Round($importWith / $importWithout, 3)
    'Entra assemblies loaded by Import-Module' = (@($with.Loaded | Where-Object { $_ }) -join ';')
    'Entra-only files (net8.0)'       = $entraOnly['net8.0'].Count
}
Remove-Item $baseline -Recurse -Force
