# Loads the cmdlet assembly built for the running edition: net472 for Windows PowerShell 5.1, net8.0 for PowerShell 7.4+.
# Its loader is registered before PowerShell reads the cmdlets, whose types name the engine's: from then on the engine
# and its dependencies load from bin/<framework>/dependencies (RasMfa.Cmdlets/Loading).
if ($PSVersionTable.PSEdition -eq 'Core' -and $PSVersionTable.PSVersion -lt [version]'7.4') {
    throw "RasMfa needs PowerShell 7.4 or later, or Windows PowerShell 5.1; this is PowerShell $($PSVersionTable.PSVersion). Install PowerShell 7.4 or later and import the module there."
}
$framework = if ($PSVersionTable.PSEdition -eq 'Core') { 'net8.0' } else { 'net472' }
$assemblyPath = [System.IO.Path]::Combine($PSScriptRoot, 'bin', $framework, 'RasMfa.Cmdlets.dll')
if (-not (Test-Path -LiteralPath $assemblyPath)) {
    throw "RasMfa: '$assemblyPath' is missing; build the module with 'build.ps1 Build'."
}
[void][System.Reflection.Assembly]::LoadFrom($assemblyPath)
[RasMfa.Cmdlets.Loading.ModuleInitializer]::Register()
$cmdletModule = Import-Module -Name $assemblyPath -PassThru
Export-ModuleMember -Cmdlet ([string[]]$cmdletModule.ExportedCmdlets.Keys)

# Stop a listener this session started when the module is removed, so its port is released.
$ExecutionContext.SessionState.Module.OnRemove = {
    [RasMfa.Cmdlets.Loading.ModuleInitializer]::StopListener()
}
