# Entra ID tenants and Import-RasMfaUser -EntraTenant through the built module, against the loopback stubs of the token
# endpoint and Microsoft Graph (tests/EntraStub, run as a process). The engine is pointed at the stubs through its
# tests-only EntraGateway.TestEndpoints, with the stubs' test CA, which only the Entra transport trusts.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestEntraStub.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $env:RASMFA_DATABASE = New-TestDatabasePath

    $script:stub = Start-TestEntraStub
    Set-TestEntraEndpoints $stub

    $script:tenantId = '8c1f3a52-2b5e-4f7d-9a61-0d4e6b7c8a90'
    $script:clientId = '3f6a1b2c-4d5e-4f60-8a7b-9c0d1e2f3a4b'
}

AfterAll {
    Set-TestEntraEndpoints $null
    Stop-TestEntraStub $stub
    Remove-Item (Split-Path $env:RASMFA_DATABASE) -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:RASMFA_DATABASE
}

Describe 'Loading Microsoft.Graph' {
    It 'is not done by Import-Module nor by the tenant cmdlets that need no Graph, and is by the first that does' {
        $database = New-TestDatabasePath
        $names = 'Microsoft.Graph', 'Microsoft.Graph.Core', 'Azure.Identity', 'Azure.Core', 'Microsoft.Identity.Client', 'RasMfa.Entra'
        $loaded = "[System.AppDomain]::CurrentDomain.GetAssemblies().GetName().Name | Where-Object { `$_ -in '$($names -join "','")' } | Sort-Object"
        $output = Invoke-SecondPowerShell -Command @"
`$env:RASMFA_DATABASE = '$database'
Import-Module '$env:RASMFA_MODULE'
'import:' + (($loaded) -join ',')
Add-RasMfaEntraTenant -Name t -TenantId $tenantId -ClientId $clientId -ClientSecret (ConvertTo-SecureString 'x' -AsPlainText -Force)
Get-RasMfaEntraTenant | Out-Null
Get-RasMfaUser | Out-Null
'admin:' + (($loaded) -join ',')
$(Get-TestEntraEndpointsScript $stub)
'stub-test:' + (Test-RasMfaEntraTenant t).TokenAcquired
'test:' + (($loaded) -join ',')
"@
        $output | Should -Contain 'import:'
        $output | Should -Contain 'admin:'
        ($output | Where-Object { "$_" -like 'test:*' }) | Should -Match 'Microsoft\.Graph'
        # The stub refuses the wrong secret 'x': a token was asked of it, not of a real cloud.
        $output | Should -Contain 'stub-test:False' 
        Remove-Item (Split-Path $database) -Recurse -Force -ErrorAction SilentlyContinue
    }
}

Describe 'Add-, Get-, Set-, Test- and Remove-RasMfaEntraTenant' {
    It 'adds a tenant with a sealed client secret that Get never shows, and Test gets a token and reaches Graph' {
        $tenant = Add-RasMfaEntraTenant -Name contoso -TenantId $tenantId -ClientId $clientId -ClientSecret (ConvertTo-TestSecret 'stub-secret~Zx9') -PassThru
        $tenant.Credential | Should -Be 'ClientSecret'
        $tenant.SecretReadable | Should -BeTrue
        (Get-RasMfaEntraTenant contoso | Out-String) | Should -Not -Match 'stub-secret'
        (Get-RasMfaEntraTenant contoso).PSObject.Properties.Name | Should -Not -Contain 'ClientSecret'

        $result = Test-RasMfaEntraTenant contoso
        $result.TokenAcquired | Should -BeTrue -Because $result.Error
        $result.GraphReached | Should -BeTrue
        $result.MissingPermissions | Should -BeNullOrEmpty
        Test-RasMfaEntraTenant contoso -Quiet | Should -BeTrue
    }

    It 'refuses a bad tenant id, and names an unknown tenant, with error ids' {
        { Add-RasMfaEntraTenant -Name bad -TenantId 'not a tenant' -ClientId $clientId -ClientSecret (ConvertTo-TestSecret 'x') -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidEntraTenantId*'
        { Get-RasMfaEntraTenant nosuch -ErrorAction Stop } | Should -Throw -ErrorId 'EntraTenantNotFound*'
    }

    It 'changes the cloud and removes a tenant' {
        Add-RasMfaEntraTenant -Name spare -TenantId contoso.onmicrosoft.com -ClientId $clientId -ClientSecret (ConvertTo-TestSecret 'x')
        (Set-RasMfaEntraTenant spare -Cloud China -PassThru).Cloud | Should -Be 'China'
        Remove-RasMfaEntraTenant spare -Confirm:$false
        Get-RasMfaEntraTenant spare -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'Import-RasMfaUser -EntraTenant' {
    It 'imports the group''s transitive members over pages, user by user, and remembers the group' {
        $result = Import-RasMfaUser -EntraTenant contoso -Group 'VPN Users'
        $result.Created | Should -Be 4
        $alice = Get-RasMfaUser alice@contoso.com
        $alice.PhoneNumber | Should -Be '+15550100199'
        $alice.Enabled | Should -BeTrue
        (Get-RasMfaUser bob@contoso.com).Enabled | Should -BeFalse
        (Get-RasMfaUser carol@contoso.com).PhoneNumber | Should -Be '+4915123456789'
        (Get-RasMfaUser dave@contoso.com).PhoneNumber | Should -BeNullOrEmpty
        (Get-RasMfaEntraTenant contoso).ImportedGroups | Should -Be @('6a0c2f44-1d3b-4e5f-8a9b-0c1d2e3f4a5b')
    }

    It 'says which tenant is unknown, and that a directory''s attribute is not an Entra one, with error ids' {
        { Import-RasMfaUser -EntraTenant nosuch -Group 'VPN Users' -ErrorAction Stop } | Should -Throw -ErrorId 'EntraTenantNotFound*'
        { Import-RasMfaUser -EntraTenant contoso -Group 'VPN Users' -UserNameAttribute SamAccountName -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidUserNameAttribute*'
    }
}

Describe 'Sync-RasMfaUser -EntraTenant' {
    It 'synchronises the imported groups, says when it ran, and takes a sync interval for the listener' {
        $result = Sync-RasMfaUser -EntraTenant contoso -Confirm:$false
        $result.Directory | Should -Be 'contoso'
        $result.Unchanged | Should -Be 4
        $result.Disabled | Should -Be 0
        (Get-RasMfaEntraTenant contoso).LastSync | Should -Not -BeNullOrEmpty

        Set-RasMfaEntraTenant contoso -SyncIntervalMinutes 60
        (Get-RasMfaEntraTenant contoso).SyncIntervalMinutes | Should -Be 60
        { Set-RasMfaEntraTenant contoso -SyncIntervalMinutes 10081 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }

    It 'names an unknown tenant with an error id' {
        { Sync-RasMfaUser -EntraTenant nosuch -ErrorAction Stop } | Should -Throw -ErrorId 'EntraTenantNotFound*'
    }
}
