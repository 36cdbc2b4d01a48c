# Managing RADIUS clients as an admin does: add, list, change, remove, from the pipeline, with clear errors.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $env:RASMFA_DATABASE = New-TestDatabasePath
    $script:goodSecret = ConvertTo-TestSecret 'a-shared-secret-of-good-length'
}

AfterAll {
    Remove-Item (Split-Path $env:RASMFA_DATABASE) -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:RASMFA_DATABASE
}

Describe 'Add-RasMfaRadiusClient' {
    It 'adds a client that requires Message-Authenticator by default and never shows the secret' {
        $client = Add-RasMfaRadiusClient -Name RAS01 -Address 10.0.0.21 -SharedSecret $goodSecret -Description 'Gateway 1' -PassThru
        $client.Name | Should -Be 'RAS01'
        $client.Address | Should -Be '10.0.0.21'
        $client.RequireMessageAuthenticator | Should -BeTrue
        $client.LimitProxyState | Should -BeFalse
        $client.SharedSecretLength | Should -Be 30
        ($client | Format-List * | Out-String) | Should -Not -Match 'a-shared-secret-of-good-length'
        ($client.PSObject.Properties.Name -join ',') | Should -Not -Match 'SharedSecret,|Secret$'
    }

    It 'refuses a duplicate name with DuplicateRadiusClientName, case-insensitively' {
        Add-RasMfaRadiusClient -Name ras01 -Address 10.0.0.99 -SharedSecret $goodSecret -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'DuplicateRadiusClientName,*'
        $failure[0].CategoryInfo.Category | Should -Be 'ResourceExists'
    }

    It 'refuses a duplicate address with DuplicateRadiusClientAddress' {
        Add-RasMfaRadiusClient -Name other -Address 10.0.0.21 -SharedSecret $goodSecret -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'DuplicateRadiusClientAddress,*'
    }

    It 'refuses a bad address with InvalidRadiusClientAddress' {
        Add-RasMfaRadiusClient -Name bad -Address '10.0.0.0/40' -SharedSecret $goodSecret -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'InvalidRadiusClientAddress,*'
        $failure[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        Get-RasMfaRadiusClient -Name bad -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'refuses a name with a line break or a terminal escape with InvalidRadiusClientName' {
        foreach ($name in "vpn`n<0>RasMfa.Mfa[2000] Accept mallory", "vpn`e[2K") {
            Add-RasMfaRadiusClient -Name $name -Address 10.0.0.32 -SharedSecret $goodSecret -ErrorVariable failure -ErrorAction SilentlyContinue
            $failure[0].FullyQualifiedErrorId | Should -BeLike 'InvalidRadiusClientName,*'
            $failure[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        }
        Get-RasMfaRadiusClient | Where-Object Name -like 'vpn*' | Should -BeNullOrEmpty
    }

    It 'refuses a weak secret without -Force, and with -Force keeps it with a warning' {
        $weak = ConvertTo-TestSecret 'short'
        Add-RasMfaRadiusClient -Name weak -Address 10.0.0.30 -SharedSecret $weak -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'WeakSharedSecret,*'
        Add-RasMfaRadiusClient -Name weak -Address 10.0.0.30 -SharedSecret $weak -Force -WarningVariable warned -WarningAction SilentlyContinue
        $warned | Should -Not -BeNullOrEmpty
        (Get-RasMfaRadiusClient -Name weak).SharedSecretLength | Should -Be 5
    }

    It 'refuses a secret longer than 128 octets with InvalidSharedSecret' {
        Add-RasMfaRadiusClient -Name long -Address 10.0.0.31 -SharedSecret (ConvertTo-TestSecret ('x' * 129)) -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'InvalidSharedSecret,*'
        Add-RasMfaRadiusClient -Name long -Address 10.0.0.31 -SharedSecret (ConvertTo-TestSecret ('x' * 128)) -PassThru | Should -Not -BeNullOrEmpty
    }

    It 'changes nothing with -WhatIf' {
        Add-RasMfaRadiusClient -Name whatif -Address 10.0.0.40 -SharedSecret $goodSecret -WhatIf
        Get-RasMfaRadiusClient -Name whatif -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'adds clients from CSV rows through the pipeline, reporting the bad row and keeping the good ones' {
        $csv = Join-Path (Split-Path $env:RASMFA_DATABASE) 'clients.csv'
        @(
            [pscustomobject]@{ Name = 'csv1'; Address = '192.0.2.0/24'; Secret = 'csv-secret-number-one-1234' }
            [pscustomobject]@{ Name = 'csv2'; Address = 'not-an-address'; Secret = 'csv-secret-number-two-1234' }
            [pscustomobject]@{ Name = 'csv3'; Address = '2001:db8::/32'; Secret = 'csv-secret-number-three-123' }
        ) | Export-Csv -Path $csv -NoTypeInformation
        $added = Import-Csv $csv |
            Select-Object Name, Address, @{ n = 'SharedSecret'; e = { ConvertTo-SecureString $_.Secret -AsPlainText -Force } } |
            Add-RasMfaRadiusClient -PassThru -ErrorVariable failures -ErrorAction SilentlyContinue
        $added.Name | Should -Be @('csv1', 'csv3')
        $failures.Count | Should -Be 1
        $failures[0].TargetObject | Should -Be 'not-an-address'
    }
}

Describe 'Get-RasMfaRadiusClient' {
    It 'filters by wildcard and reports a missing exact name with RadiusClientNotFound' {
        (Get-RasMfaRadiusClient -Name csv*).Name | Should -Be @('csv1', 'csv3')
        Get-RasMfaRadiusClient -Name nobody -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RadiusClientNotFound,*'
    }

    It 'formats as a table by default' {
        (Get-RasMfaRadiusClient -Name RAS01 | Out-String) | Should -Match 'Name\s+Address\s+RequireMessageAuthenticator'
    }
}

Describe 'Set-RasMfaRadiusClient' {
    It 'changes only what it is given' {
        $changed = Set-RasMfaRadiusClient -Name RAS01 -LimitProxyState $true -PassThru
        $changed.LimitProxyState | Should -BeTrue
        $changed.Address | Should -Be '10.0.0.21'
        $changed.Description | Should -Be 'Gateway 1'
    }

    It 'renames, readdresses and rotates the secret' {
        Set-RasMfaRadiusClient -Name RAS01 -NewName RAS-Primary -Address 10.0.0.0/29 -SharedSecret (ConvertTo-TestSecret 'a-rotated-shared-secret-0987')
        $client = Get-RasMfaRadiusClient -Name RAS-Primary
        $client.Address | Should -Be '10.0.0.0/29'
        $client.SharedSecretLength | Should -Be 28
    }

    It 'takes pipeline input from Get-RasMfaRadiusClient and warns when Message-Authenticator is turned off' {
        Get-RasMfaRadiusClient -Name csv* | Set-RasMfaRadiusClient -RequireMessageAuthenticator $false -WarningVariable warned -WarningAction SilentlyContinue
        $warned.Count | Should -Be 2
        (Get-RasMfaRadiusClient -Name csv*).RequireMessageAuthenticator | Should -Be @($false, $false)
    }

    It 'reports an unknown client with RadiusClientNotFound' {
        Set-RasMfaRadiusClient -Name nobody -LimitProxyState $true -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RadiusClientNotFound,*'
    }
}

Describe 'Remove-RasMfaRadiusClient' {
    It 'keeps the client with -WhatIf and removes it from the pipeline' {
        Remove-RasMfaRadiusClient -Name csv1 -WhatIf
        Get-RasMfaRadiusClient -Name csv1 | Should -Not -BeNullOrEmpty
        Get-RasMfaRadiusClient -Name csv* | Remove-RasMfaRadiusClient -Confirm:$false
        Get-RasMfaRadiusClient -Name csv* | Should -BeNullOrEmpty
    }

    It 'reports an unknown client with RadiusClientNotFound' {
        Remove-RasMfaRadiusClient -Name nobody -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RadiusClientNotFound,*'
    }
}
