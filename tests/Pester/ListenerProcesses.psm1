# RasMfa listeners in processes of their own, as the servers of a cluster: each a PowerShell process that imports the
# module (RASMFA_MODULE), serves on 127.0.0.1 and runs until asked to stop (a stop file) or is killed as a crashed node.
Set-StrictMode -Version 3

<#
    Starts a listener in another PowerShell process on the store -Database (RASMFA_DATABASE in that process; without it, the
    store the machine-wide setting names, as RASMFA_CONFIG in -Environment points to it), with the extra environment variables
    given (one set to $null is removed from the process's environment), and returns once it serves (at most -TimeoutSeconds): its Process, Port, Folder
    and log files. Its files go to -Folder (made when missing), by default a temp folder that Stop-ListenerProcess removes.
#>
function Start-ListenerProcess {
    param(
        [Parameter(Mandatory)] [int] $Port,
        [string] $Database,
        [hashtable] $Environment = @{},
        [string] $Folder,
        [int] $TimeoutSeconds = 120
    )
    $ownsFolder = -not $Folder
    if ($ownsFolder) { $Folder = Join-Path ([System.IO.Path]::GetTempPath()) ('rasmfa-listener-' + [guid]::NewGuid().ToString('N').Substring(0, 8)) }
    New-Item -ItemType Directory -Path $Folder -Force | Out-Null
    $name = "listener-$Port"
    $files = @{ Settings = "$Folder/$name.json"; Script = "$Folder/$name.ps1"; Output = "$Folder/$name.out"; Error = "$Folder/$name.err"; Stop = "$Folder/$name.stop" }
    # The environment goes by a file the process reads, not into a script's text: nothing to quote. It may hold a
    # connection string with a password, so it is the owner's only.
    $variables = @{ RASMFA_MODULE = $env:RASMFA_MODULE }
    foreach ($key in $Environment.Keys) { $variables[$key] = $Environment[$key] }
    if ($Database) { $variables['RASMFA_DATABASE'] = $Database }
    New-Item -ItemType File -Path $files.Settings -Force | Out-Null
    if (-not $IsWindows) { & chmod 600 $files.Settings }
    [System.IO.File]::WriteAllText($files.Settings, ($variables | ConvertTo-Json))
    Remove-Item $files.Stop -ErrorAction SilentlyContinue
    Set-Content -Path $files.Script -Value @'
param([string] $Settings, [int] $Port, [string] $StopFile)
$ErrorActionPreference = 'Stop'
foreach ($variable in (Get-Content $Settings -Raw | ConvertFrom-Json).PSObject.Properties) {
    if ($null -eq $variable.Value) { Remove-Item "Env:$($variable.Name)" -ErrorAction SilentlyContinue } else { Set-Item "Env:$($variable.Name)" $variable.Value }
}
Import-Module $env:RASMFA_MODULE
Start-RasMfaRadiusServer -Port $Port -LocalAddress 127.0.0.1
'READY'
while (-not (Test-Path $StopFile)) { Start-Sleep -Milliseconds 100 }
# What Get-RasMfaRadiusServer showed last of this process's listener (others on the machine are listed too), for the test to read once the process is gone.
Get-RasMfaRadiusServer -ProcessId $PID | Select-Object -Property * -ExcludeProperty Endpoints | ConvertTo-Json -Depth 4 | Set-Content "$StopFile.status.json"
Stop-RasMfaRadiusServer
'STOPPED'
'@
    $processPath = (Get-Process -Id $PID).Path
    [string[]] $prefix = if ([System.IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') { @(Join-Path $PSHOME 'pwsh.dll') } else { @() }
    $arguments = $prefix + @('-NoProfile', '-NonInteractive', '-File', $files.Script, '-Settings', $files.Settings, '-Port', $Port, '-StopFile', $files.Stop)
    $process = Start-Process $processPath -ArgumentList $arguments -RedirectStandardOutput $files.Output -RedirectStandardError $files.Error -PassThru
    $listener = [pscustomobject]@{
        Process = $process; Port = $Port; Folder = $Folder; OwnsFolder = $ownsFolder
        OutputLog = $files.Output; ErrorLog = $files.Error; StopFile = $files.Stop; StatusFile = "$($files.Stop).status.json"
    }
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while (-not ((Get-Content $files.Output -Raw -ErrorAction SilentlyContinue) -match 'READY')) {
        if ($process.HasExited -or [DateTime]::UtcNow -gt $deadline) {
            $why = if ($process.HasExited) { "exited with $($process.ExitCode)" } else { "was not serving after $TimeoutSeconds s" }
            $errors = Get-Content $files.Error -Raw -ErrorAction SilentlyContinue
            Stop-ListenerProcess $listener -Kill
            throw "The listener on port $Port $why`: $errors"
        }
        Start-Sleep -Milliseconds 100
    }
    $listener
}

<#
    Stops a listener Start-ListenerProcess started: asks it to stop (its stop file; it then writes what Get-RasMfaRadiusServer
    shows to its StatusFile, as JSON) and waits up to -TimeoutSeconds, then kills it. -Kill: kill -9 of the process and everything it started, all at once, as a node that crashes. Never throws.
#>
function Stop-ListenerProcess {
    param($Listener, [switch] $Kill, [int] $TimeoutSeconds = 15)
    if (-not $Listener) { return }
    $process = $Listener.Process
    if (-not $process.HasExited) {
        if (-not $Kill) {
            Set-Content -Path $Listener.StopFile -Value 'stop' -ErrorAction SilentlyContinue
            if (-not $process.WaitForExit($TimeoutSeconds * 1000)) { $Kill = [switch]::new($true) }
        }
        if ($Kill -and -not $process.HasExited) {
            [string[]] $tree = @(Get-ProcessTreeIds -Id $process.Id)
            & kill -9 @tree 2>$null
            $process.WaitForExit(10000) | Out-Null
        }
    }
    if ($Listener.OwnsFolder) { Remove-Item $Listener.Folder -Recurse -Force -ErrorAction SilentlyContinue }
}

# A process and all its descendants, read before any is killed: a child killed after its parent would be orphaned first.
function Get-ProcessTreeIds([int] $Id) {
    $Id
    foreach ($child in @(& ps -o pid= --ppid $Id 2>$null)) { Get-ProcessTreeIds -Id ([int]"$child".Trim()) }
}

Export-ModuleMember -Function Start-ListenerProcess, Stop-ListenerProcess
