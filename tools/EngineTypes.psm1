<#
    The engine's types for scripts that use them directly (tests, benchmarks). Under PowerShell 7 the engine and its
    dependencies live in the module's own load context, which PowerShell's [type] literals do not search, so they are
    looked up through the module's loader. Import RasMfa first.
#>

function Get-EngineType {
    param([Parameter(Mandatory)] [string] $Name)
    [RasMfa.Cmdlets.Loading.ModuleInitializer]::EngineAssembly.GetType("RasMfa.Engine.$Name", $true)
}

<# Closes the module's pooled SQLite connections, so that a store's folder can be deleted. #>
function Clear-StoreConnections {
    $engine = [RasMfa.Cmdlets.Loading.ModuleInitializer]::EngineAssembly
    $sqlite = $engine.GetReferencedAssemblies() | Where-Object Name -eq 'Microsoft.Data.Sqlite'
    $assembly = if ($PSVersionTable.PSEdition -eq 'Core') {
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($engine).LoadFromAssemblyName($sqlite)
    }
    else { [System.Reflection.Assembly]::Load($sqlite) }
    $assembly.GetType('Microsoft.Data.Sqlite.SqliteConnection', $true)::ClearAllPools()
}

Export-ModuleMember -Function Get-EngineType, Clear-StoreConnections
