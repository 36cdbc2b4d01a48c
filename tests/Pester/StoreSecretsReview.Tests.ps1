# Review R2 (store secrets): a PostgreSQL password typed into a connection string by mistake is refused
# (StoreConnectionStringHasCredential) and must then show nowhere: not in the message, and not in the error record's
# target either, which the default error view of Windows PowerShell (and NormalView in PowerShell 7) prints in
# CategoryInfo, on screen and in a transcript, and which stays in $Error.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $script:savedDatabase = $env:RASMFA_DATABASE
    $script:savedConfig = $env:RASMFA_CONFIG
    $script:source = New-TestDatabasePath
    $script:root = Split-Path $source
    $env:RASMFA_DATABASE = $source
    $env:RASMFA_CONFIG = Join-Path $root 'config'
    $script:credential = New-Object System.Management.Automation.PSCredential('rasmfa_app', (ConvertTo-TestSecret 'the-credentials-password'))
    $script:typedPassword = 'typed-by-mistake-S3cret'

    function Get-Failure([scriptblock] $Command) {
        try { & $Command; return $null } catch { return $_ }
    }
}

AfterAll {
    Clear-StoreConnections
    Remove-Item $root -Recurse -Force -ErrorAction SilentlyContinue
    if ($null -ne $savedDatabase) { $env:RASMFA_DATABASE = $savedDatabase } else { Remove-Item Env:RASMFA_DATABASE -ErrorAction SilentlyContinue }
    if ($null -ne $savedConfig) { $env:RASMFA_CONFIG = $savedConfig } else { Remove-Item Env:RASMFA_CONFIG -ErrorAction SilentlyContinue }
}

Describe 'A password typed into a refused connection string' {
    It 'is not in the error record of Set-RasMfaStore (its target, its CategoryInfo, the error view)' {
        $failure = Get-Failure { Set-RasMfaStore -PostgreSql -ConnectionString "Host=db1;Password=$typedPassword" -Credential $credential }
        $failure.FullyQualifiedErrorId | Should -BeLike 'StoreConnectionStringHasCredential,*'
        "$($failure.TargetObject)" | Should -Not -Match $typedPassword
        $failure.CategoryInfo.GetMessage() | Should -Not -Match $typedPassword
        ($failure | Format-List * -Force | Out-String) | Should -Not -Match $typedPassword
    }

    It 'is not in the error record of Copy-RasMfaStore' {
        $failure = Get-Failure {
            Copy-RasMfaStore -SourcePath $source -DestinationConnectionString "Host=127.0.0.1;Database=rasmfa;Password=$typedPassword" -DestinationCredential $credential
        }
        $failure.FullyQualifiedErrorId | Should -BeLike 'StoreConnectionStringHasCredential,*'
        "$($failure.TargetObject)" | Should -Not -Match $typedPassword
        $failure.CategoryInfo.GetMessage() | Should -Not -Match $typedPassword
    }
}
