# Loads the cmdlet assembly built for the running edition: net472 for Windows PowerShell 5.1, net8.0 for PowerShell 7.
$framework = if ($PSVersionTable.PSEdition -eq 'Core') { 'net8.0' } else { 'net472' }
$assemblyPath = [System.IO.Path]::Combine($PSScriptRoot, 'bin', $framework, 'RasMfa.Cmdlets.dll')
if (-not (Test-Path -LiteralPath $assemblyPath)) {
    throw "RasMfa: '$assemblyPath' is missing; build the module with 'build.ps1 Build'."
}
$cmdletModule = Import-Module -Name $assemblyPath -PassThru
Export-ModuleMember -Cmdlet ([string[]]$cmdletModule.ExportedCmdlets.Keys)

# Stop a listener this session started when the module is removed, so its port is released.
$ExecutionContext.SessionState.Module.OnRemove = {
    [RasMfa.Engine.Hosting.RasMfaServerHost]::Stop() | Out-Null
}
