# The loopback stubs of the Entra token endpoint and Microsoft Graph (tests/EntraStub) as the Pester tests use them:
# built and started as a process, and the engine pointed at them through its tests-only EntraGateway.TestEndpoints with
# the stubs' test CA (which only the Entra transport trusts).

function Start-TestEntraStub {
    # -WithMailFolder: the stub writes each mail sendMail takes there, one JSON file per mail.
    param([switch] $WithMailFolder)
    $folder = Join-Path ([System.IO.Path]::GetTempPath()) ('rasmfa-entra-stub-' + [guid]::NewGuid().ToString('N'))
    & dotnet build (Join-Path $PSScriptRoot '../EntraStub/EntraStub.csproj') -c Release -o $folder --nologo -v quiet | Out-Null
    if ($LASTEXITCODE -ne 0) { throw 'The Entra stub did not build.' }
    $caPath = Join-Path $folder 'test-ca.cer'
    $arguments = "`"$(Join-Path $folder 'EntraStub.dll')`" `"$caPath`""
    $mails = $null
    if ($WithMailFolder) {
        $mails = Join-Path $folder 'mails'
        New-Item -ItemType Directory $mails | Out-Null
        $arguments += " `"$mails`""
    }
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet', $arguments)
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)
    [pscustomobject]@{
        Process    = $process
        Address    = [uri]$process.StandardOutput.ReadLine()
        CaPath     = $caPath
        MailFolder = $mails
        Folder     = $folder
    }
}

function Stop-TestEntraStub {
    param($Stub)
    if (-not $Stub) { return }
    if (-not $Stub.Process.HasExited) { $Stub.Process.StandardInput.Close(); if (-not $Stub.Process.WaitForExit(5000)) { $Stub.Process.Kill() } }
    Remove-Item $Stub.Folder -Recurse -Force -ErrorAction SilentlyContinue
}

# The lines that point the imported module's engine at the stub (or back at Entra with -Stub $null); run in this session
# by Set-TestEntraEndpoints, or given to a second PowerShell in its script. On PowerShell 7 the engine loads in the
# module's own load context, out of reach by type name, so it is found through a cmdlet's types.
function Get-TestEntraEndpointsScript {
    param($Stub)
    $find = "`$rasMfaEngine = (Get-Command Import-RasMfaUser).ImplementingType.Assembly.GetType('RasMfa.Cmdlets.Entra.RasMfaEntraTenant').GetProperty('Cloud').PropertyType.Assembly"
    # TestEndpoints and its type are internal (no other module may point the engine elsewhere): set through reflection.
    $property = "`$rasMfaEngine.GetType('RasMfa.Engine.Entra.EntraGateway', `$true).GetProperty('TestEndpoints', [System.Reflection.BindingFlags]'NonPublic, Static')"
    if (-not $Stub) { return "$find`n$property.SetValue(`$null, `$null)" }
    @"
$find
`$rasMfaStubCa = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new('$($Stub.CaPath)')
$property.SetValue(`$null, [Activator]::CreateInstance(`$rasMfaEngine.GetType('RasMfa.Engine.Entra.EntraTestEndpoints', `$true), @([uri]'$($Stub.Address)', [uri]'$($Stub.Address)', `$rasMfaStubCa)))
"@
}

function Set-TestEntraEndpoints {
    param($Stub)
    # Dot-sourced into this function's scope: the module the caller imported is the one found by Get-Command.
    . ([scriptblock]::Create((Get-TestEntraEndpointsScript $Stub)))
}

Export-ModuleMember -Function Start-TestEntraStub, Stop-TestEntraStub, Get-TestEntraEndpointsScript, Set-TestEntraEndpoints
