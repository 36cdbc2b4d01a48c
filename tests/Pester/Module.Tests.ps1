# The module as an admin meets it: manifest, exported cmdlets, conventions, and help from the built module.
BeforeDiscovery {
    $manifest = Import-PowerShellDataFile $env:RASMFA_MODULE
    $script:cmdletNames = @($manifest.CmdletsToExport)
}

BeforeAll {
    $script:manifestPath = $env:RASMFA_MODULE
    $script:manifest = Import-PowerShellDataFile $manifestPath
    Import-Module $manifestPath -Force
}

Describe 'The RasMfa module manifest' {
    It 'declares both editions, PowerShell 5.1 and an explicit cmdlet list' {
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $manifest.PowerShellVersion | Should -Be '5.1'
        $manifest.CmdletsToExport | Should -Not -Contain '*'
        $manifest.CmdletsToExport.Count | Should -BeGreaterThan 0
    }

    It 'ships a build for Windows PowerShell 5.1 and one for PowerShell 7, with native SQLite for Windows and Linux' {
        $base = Split-Path $manifestPath
        Join-Path $base 'bin/net472/RasMfa.Cmdlets.dll' | Should -Exist
        Join-Path $base 'bin/net8.0/RasMfa.Cmdlets.dll' | Should -Exist
        Join-Path $base 'bin/net472/dependencies/runtimes/win-x64/native/e_sqlite3.dll' | Should -Exist
        Join-Path $base 'bin/net8.0/dependencies/runtimes/linux-x64/native/libe_sqlite3.so' | Should -Exist
        Join-Path $base 'bin/net8.0/dependencies/runtimes/linux/lib/System.DirectoryServices.Protocols.dll' | Should -Exist
        Join-Path $base 'bin/net8.0/dependencies/runtimes/win/lib/System.DirectoryServices.Protocols.dll' | Should -Exist
        # The top-level LDAP assembly of its package is a placeholder that throws "not supported on this platform".
        Join-Path $base 'bin/net8.0/dependencies/System.DirectoryServices.Protocols.dll' | Should -Not -Exist
        Join-Path $base 'bin/net8.0/dependencies/System.Management.Automation.dll' | Should -Not -Exist
        # PostgreSQL's client for both editions (Npgsql 8's netstandard2.0 build for Windows PowerShell 5.1).
        Join-Path $base 'bin/net8.0/dependencies/Npgsql.dll' | Should -Exist
        Join-Path $base 'bin/net472/dependencies/Npgsql.dll' | Should -Exist
        Join-Path $base 'bin/net472/dependencies/System.Text.Json.dll' | Should -Exist
    }

    It 'keeps the cmdlets where PowerShell loads modules and the engine with its dependencies in a load context of its own' {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        $env:RASMFA_DATABASE = New-TestDatabasePath
        try { Get-RasMfaConfiguration | Out-Null }
        finally {
            Clear-StoreConnections
            Remove-Item (Split-Path $env:RASMFA_DATABASE) -Recurse -Force -ErrorAction SilentlyContinue
            Remove-Item Env:RASMFA_DATABASE
        }
        $loaded = [System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -in 'RasMfa.Cmdlets', 'RasMfa.Engine', 'Microsoft.Data.Sqlite', 'SQLitePCLRaw.core' -and $_.Location -like "$(Split-Path $manifestPath)*" }
        $contexts = @{}
        foreach ($assembly in $loaded) { $contexts[$assembly.GetName().Name] = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($assembly).Name }
        $contexts['RasMfa.Cmdlets'] | Should -Be 'Default'
        $contexts['RasMfa.Engine'] | Should -Be 'RasMfa'
        $contexts['Microsoft.Data.Sqlite'] | Should -Be 'RasMfa'
        $contexts['SQLitePCLRaw.core'] | Should -Be 'RasMfa'
    }

    It 'has a finished help page in docs/help for every cmdlet, with no placeholder left' {
        $helpFolder = Join-Path $PSScriptRoot '../../docs/help'
        foreach ($name in $manifest.CmdletsToExport) {
            $page = Join-Path $helpFolder "$name.md"
            $page | Should -Exist
            Get-Content $page -Raw | Should -Not -Match '\{\{' -Because "$name.md still has a placeholder"
        }
    }

    It 'exports exactly the cmdlets it lists' {
        $exported = (Get-Module RasMfa).ExportedCmdlets.Keys | Sort-Object
        $exported | Should -Be ($manifest.CmdletsToExport | Sort-Object)
    }
}

Describe '<_>' -ForEach $cmdletNames {
    BeforeAll {
        $script:command = Get-Command $_
        $script:help = Get-Help $_ -Full
        $script:commonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    }

    It 'uses an approved verb and declares its output type' {
        (Get-Verb).Verb | Should -Contain $command.Verb
        $command.OutputType.Count | Should -BeGreaterThan 0
    }

    It 'supports -WhatIf and -Confirm when it changes something' {
        if ($command.Verb -in 'Add', 'Set', 'Remove', 'Start', 'Stop', 'New', 'Enable', 'Disable', 'Import', 'Register', 'Unlock', 'Sync') {
            $command.Parameters.Keys | Should -Contain 'WhatIf'
            $command.Parameters.Keys | Should -Contain 'Confirm'
        }
    }

    It 'has -PassThru when it adds or sets' {
        # New-RasMfaBypassCode always writes what it made: the codes exist nowhere else, so there is nothing to pass through.
        $writesWhatItMakes = 'New-RasMfaBypassCode'
        if ($command.Verb -in 'Add', 'Set', 'New', 'Enable', 'Disable' -and $command.Name -notin $writesWhatItMakes) { $command.Parameters.Keys | Should -Contain 'PassThru' }
    }

    It 'shows a synopsis, a description and an example in Get-Help -Full' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match ('^\s*' + [regex]::Escape($command.Name)) -Because 'a synopsis generated without help repeats the syntax'
        ($help.Description | Out-String) | Should -Not -BeNullOrEmpty
        @($help.Examples.Example).Count | Should -BeGreaterThan 0
        $help.Examples.Example[0].Code | Should -Match ([regex]::Escape($command.Name))
    }

    It 'documents every parameter, and no parameter it does not have' {
        $documented = @($help.Parameters.Parameter | ForEach-Object { $_.Name })
        $actual = @($command.Parameters.Keys | Where-Object { $_ -notin $commonParameters })
        foreach ($name in $actual) {
            $documented | Should -Contain $name -Because "docs/help/$($command.Name).md must describe -$name"
            $entry = $help.Parameters.Parameter | Where-Object Name -eq $name
            ($entry.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$name needs a description"
        }
        foreach ($name in $documented | Where-Object { $_ -notin $commonParameters }) { $actual | Should -Contain $name -Because "the help describes -$name" }
    }
}
