# Another module's older SQLite, SQLitePCLRaw and Microsoft.Extensions.Logging are loaded into the session first (as Az,
# Microsoft.Graph or SqlServer would); then RasMfa is imported and logs users in, with a code and against a real Samba
# AD DC; both modules keep working with their own versions. In a fresh PowerShell process, so the order is real.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../../tools/SambaDomain.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $script:foreign = Join-Path ([System.IO.Path]::GetTempPath()) ('rasmfa-foreign-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $publish = & dotnet publish (Join-Path $PSScriptRoot '../ForeignModule/ForeignModule.csproj') -c Release -o $foreign --nologo -v quiet 2>&1
    if ($LASTEXITCODE -ne 0) { throw "dotnet publish ForeignModule failed: $publish" }

    $env:RASMFA_DATABASE = New-TestDatabasePath
    # The run's domain controller (build.ps1 Test), else one of this file's own.
    $script:sharedSamba = [bool]$env:RASMFA_TEST_SAMBA
    $script:samba = if ($sharedSamba) { Read-SambaDomainDescriptor $env:RASMFA_TEST_SAMBA } else { Start-SambaDomain }
    $script:password = 'Isolat3d-Passw0rd!'
    Invoke-SambaTool $samba user create iso-dora $password | Out-Null
    $admin = [pscredential]::new('Administrator@rasmfa.test', (ConvertTo-SecureString $samba.AdminPassword -AsPlainText -Force))
    Add-RasMfaDirectory -Name corp -Type ActiveDirectory -Server 127.0.0.1 -Security Ldaps -BindCredential $admin -TrustedCaPath $samba.CaFolder
    $script:secretText = 'isolation-shared-secret-0123456789'
    Add-RasMfaRadiusClient -Name ras -Address 127.0.0.1 -SharedSecret (ConvertTo-TestSecret $secretText)
    New-RasMfaUser iso-carl | Out-Null
    New-RasMfaUser iso-dora | Out-Null
    $script:carlSecret = (Register-RasMfaTotp iso-carl).Secret
    $script:doraSecret = (Register-RasMfaTotp iso-dora).Secret
}

AfterAll {
    if (-not $sharedSamba) { Stop-SambaDomain $samba }
    Remove-Item (Split-Path $env:RASMFA_DATABASE) -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:RASMFA_DATABASE
    Remove-Item $foreign -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'RasMfa beside another module with other versions of its libraries' {
    BeforeAll {
        $port = Get-FreeUdpPort
        $scenario = @"
`$ErrorActionPreference = 'Stop'
Add-Type -Path '$foreign/ForeignModule.dll'
[ForeignModule.ForeignProbe]::Initialize('$foreign')
`$before = @{ Sqlite = [ForeignModule.ForeignProbe]::Sqlite(); Logging = [ForeignModule.ForeignProbe]::Logging() }
Import-Module '$(Join-Path $PSScriptRoot 'TestHelpers.psm1')'
Import-Module '$env:RASMFA_MODULE'
`$secret = ConvertTo-TestSecret '$secretText'
Start-RasMfaRadiusServer -Port $port -LocalAddress 127.0.0.1 | Out-Null
Wait-FreshTotpStep
`$code = Test-RasMfaAuthentication -Server 127.0.0.1 -Port $port -SharedSecret `$secret -UserName iso-carl -Password (ConvertTo-TestSecret (Get-OathCode -Secret '$carlSecret'))
Set-RasMfaRadiusClient -Name ras -FirstFactor Directory -Directory corp
Start-Sleep -Seconds 3
Wait-FreshTotpStep
`$directory = Test-RasMfaAuthentication -Server 127.0.0.1 -Port $port -SharedSecret `$secret -UserName 'RASMFA\iso-dora' -Password (ConvertTo-TestSecret '$password') -Response (Get-OathCode -Secret '$doraSecret')
Stop-RasMfaRadiusServer
`$contexts = [System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -in 'Microsoft.Data.Sqlite', 'SQLitePCLRaw.core', 'Microsoft.Extensions.Logging', 'RasMfa.Engine', 'System.DirectoryServices.Protocols' } |
    ForEach-Object { '{0} {1} {2}' -f `$_.GetName().Name, `$_.GetName().Version, [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).Name }
'RESULT ' + (@{
    Before = `$before
    After = @{ Sqlite = [ForeignModule.ForeignProbe]::Sqlite(); Logging = [ForeignModule.ForeignProbe]::Logging() }
    Code = "`$(`$code.Code) `$(`$code.RoundTrips)"; Directory = "`$(`$directory.Code) `$(`$directory.RoundTrips)"
    Contexts = @(`$contexts | Sort-Object)
} | ConvertTo-Json -Compress -Depth 4)
"@
        $output = Invoke-SecondPowerShell -Command $scenario
        $line = @($output | Where-Object { "$_" -like 'RESULT *' })
        if ($line.Count -ne 1) { throw "The scenario printed no result: $output" }
        $script:result = ("$($line[0])".Substring(7)) | ConvertFrom-Json
    }

    It 'accepts a code login' {
        $result.Code | Should -Be 'AccessAccept 1'
    }

    It 'accepts a login with the AD password then the code, through its own LDAP library' {
        $result.Directory | Should -Be 'AccessAccept 2'
    }

    It 'loads its own versions into its own load context, beside the other module''s' {
        $result.Contexts -join "`n" | Should -Match '(?m)^Microsoft\.Data\.Sqlite 8\.0\.\d+\.0 Default$'
        $result.Contexts -join "`n" | Should -Match '(?m)^Microsoft\.Data\.Sqlite 10\.0\.\d+\.0 RasMfa$'
        $result.Contexts -join "`n" | Should -Match '(?m)^SQLitePCLRaw\.core 2\.1\.[\d.]+ Default$'
        $result.Contexts -join "`n" | Should -Match '(?m)^SQLitePCLRaw\.core 3\.0\.[\d.]+ RasMfa$'
        $result.Contexts | Should -Contain 'Microsoft.Extensions.Logging 8.0.0.0 Default'
        $result.Contexts | Should -Contain 'Microsoft.Extensions.Logging 9.0.0.0 RasMfa'
        $result.Contexts | Should -Contain 'RasMfa.Engine 0.1.0.0 RasMfa'
        # PowerShell 7.6 brings LDAP 10.0 of its own; the module uses the 9.0 build it ships for Linux, which .NET 8 runs too.
        $result.Contexts -join "`n" | Should -Match '(?m)^System\.DirectoryServices\.Protocols 9\.0\.[\d.]+ RasMfa$'
        $result.Contexts.Count | Should -Be 8
    }

    It 'leaves the other module''s SQLite and logging working, on their versions' {
        $result.Before.Sqlite | Should -Match '^8\.0\.\d+\.0 2\.1\.[\d.]+ 3\.\d+\.\d+$'
        $result.After.Sqlite | Should -Be $result.Before.Sqlite
        $result.Before.Logging | Should -Be '8.0.0.0'
        $result.After.Logging | Should -Be '8.0.0.0'
    }
}
