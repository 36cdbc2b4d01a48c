@{
    RootModule           = 'RasMfa.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = '5d0f3c61-8a47-4f0e-9b59-3f0c2a7e6d41'
    Author               = 'RasMfa'
    CompanyName          = 'RasMfa'
    Copyright            = '(c) RasMfa. All rights reserved.'
    Description          = 'On-premises RADIUS multi-factor authentication server for Parallels RAS, VPNs and gateways, administered from PowerShell.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @('RasMfa.Format.ps1xml')
    FunctionsToExport    = @()
    CmdletsToExport      = @(
        'Start-RasMfaRadiusServer'
        'Stop-RasMfaRadiusServer'
        'Get-RasMfaRadiusServer'
        'Add-RasMfaRadiusClient'
        'Get-RasMfaRadiusClient'
        'Set-RasMfaRadiusClient'
        'Remove-RasMfaRadiusClient'
        'Test-RasMfaAuthentication'
        'New-RasMfaUser'
        'Get-RasMfaUser'
        'Set-RasMfaUser'
        'Remove-RasMfaUser'
        'Enable-RasMfaUser'
        'Disable-RasMfaUser'
        'Unlock-RasMfaUser'
        'Import-RasMfaUser'
        'Register-RasMfaTotp'
        'Import-RasMfaOathToken'
        'Get-RasMfaToken'
        'Remove-RasMfaToken'
        'Sync-RasMfaToken'
        'New-RasMfaBypassCode'
        'Get-RasMfaBypassCode'
        'Remove-RasMfaBypassCode'
        'Get-RasMfaConfiguration'
        'Set-RasMfaConfiguration'
        'Get-RasMfaAuthenticationLog'
        'Clear-RasMfaAuthenticationLog'
        'Export-RasMfaAuthenticationLog'
        'Add-RasMfaUpstreamRadiusServer'
        'Get-RasMfaUpstreamRadiusServer'
        'Set-RasMfaUpstreamRadiusServer'
        'Remove-RasMfaUpstreamRadiusServer'
        'Add-RasMfaDirectory'
        'Get-RasMfaDirectory'
        'Set-RasMfaDirectory'
        'Remove-RasMfaDirectory'
        'Test-RasMfaDirectory'
        'Sync-RasMfaUser'
        'Set-RasMfaStore'
        'Get-RasMfaStore'
        'Copy-RasMfaStore'
        'Export-RasMfaConfiguration'
        'Import-RasMfaConfiguration'
        'Add-RasMfaStoreKey'
        'Join-RasMfaStore'
        'Update-RasMfaStoreKey'
        'Install-RasMfaService'
        'Uninstall-RasMfaService'
        'Start-RasMfaService'
        'Stop-RasMfaService'
        'Restart-RasMfaService'
    )
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags = @('RADIUS', 'MFA', 'TOTP', 'ParallelsRAS', 'Windows', 'Linux')
        }
    }
}
