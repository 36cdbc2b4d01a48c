# Another module's Azure.Identity, Azure.Core and MSAL (older versions, as Az.Accounts or Microsoft.Graph.Authentication
# bring) loaded and used in the session first: RasMfa's Import-Module, an Entra import and a sync against the loopback
# stubs still work with RasMfa's own versions, and the other module goes on working with its own.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    $script:foreign = Join-Path ([System.IO.Path]::GetTempPath()) ('rasmfa-foreign-azure-' + [guid]::NewGuid().ToString('N'))
    $publish = & dotnet publish (Join-Path $PSScriptRoot '../ForeignAzureModule/ForeignAzureModule.csproj') -c Release -o $foreign --nologo -v quiet 2>&1
    if ($LASTEXITCODE -ne 0) { throw "dotnet publish ForeignAzureModule failed: $publish" }

    Import-Module (Join-Path $PSScriptRoot 'TestEntraStub.psm1') -Force
    $script:stub = Start-TestEntraStub
}

AfterAll {
    Stop-TestEntraStub $stub
    Remove-Item $foreign -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Other versions of Azure.Identity, Azure.Core and MSAL in the session' -Skip:($PSVersionTable.PSEdition -ne 'Core') {
    It 'leave Import-Module RasMfa, an Entra import and a sync working, and keep working themselves' {
        $database = New-TestDatabasePath
        $versions = "[System.Runtime.Loader.AssemblyLoadContext]::All | ForEach-Object { `$c = `$_; `$c.Assemblies | Where-Object { `$_.GetName().Name -in 'Azure.Identity','Azure.Core','Microsoft.Identity.Client' } | ForEach-Object { '{0}:{1}={2}' -f `$c.Name, `$_.GetName().Name, `$_.GetName().Version } } | Sort-Object"
        $output = Invoke-SecondPowerShell -Command @"
`$ErrorActionPreference = 'Stop'
`$env:RASMFA_DATABASE = '$database'
Add-Type -Path '$foreign/ForeignAzureModule.dll'
'before:' + [ForeignAzureModule.ForeignAzureProbe]::Token()
Import-Module '$env:RASMFA_MODULE'
$(Get-TestEntraEndpointsScript $stub)
Add-RasMfaEntraTenant -Name contoso -TenantId 8c1f3a52-2b5e-4f7d-9a61-0d4e6b7c8a90 -ClientId 3f6a1b2c-4d5e-4f60-8a7b-9c0d1e2f3a4b -ClientSecret (ConvertTo-SecureString 'stub-secret~Zx9' -AsPlainText -Force)
`$import = Import-RasMfaUser -EntraTenant contoso -Group 'VPN Users' -Confirm:`$false
'imported:' + `$import.Created
'alice:' + (Get-RasMfaUser alice@contoso.com).PhoneNumber
'synced:' + (Sync-RasMfaUser -EntraTenant contoso -Confirm:`$false).Unchanged
'after:' + [ForeignAzureModule.ForeignAzureProbe]::Token()
$versions
"@
        Remove-Item (Split-Path $database) -Recurse -Force -ErrorAction SilentlyContinue

        $output | Should -Contain 'before:foreign-token identity=1.12.1.0 core=1.40.0.0 msal=4.65.0.0'
        $output | Should -Contain 'imported:4'
        $output | Should -Contain 'alice:+15550100199'
        $output | Should -Contain 'synced:4'
        $output | Should -Contain 'after:foreign-token identity=1.12.1.0 core=1.40.0.0 msal=4.65.0.0'
        # Both sets loaded side by side: the other module's in the default context, RasMfa's newer ones in its own. (RasMfa
        # never loads its Azure.Identity.dll: Azure.Identity 1.21 forwards the credential types to Azure.Core, where they are.)
        $output | Should -Contain 'Default:Azure.Identity=1.12.1.0'
        $output | Should -Contain 'Default:Azure.Core=1.40.0.0'
        $output | Should -Contain 'Default:Microsoft.Identity.Client=4.65.0.0'
        $ours = $output | Where-Object { "$_" -like 'RasMfa:*' }
        $ours | Where-Object { $_ -like 'RasMfa:Azure.Core=*' -and $_ -ne 'RasMfa:Azure.Core=1.40.0.0' } | Should -Not -BeNullOrEmpty
        $ours | Where-Object { $_ -like 'RasMfa:Microsoft.Identity.Client=*' -and $_ -ne 'RasMfa:Microsoft.Identity.Client=4.65.0.0' } | Should -Not -BeNullOrEmpty
    }
}
