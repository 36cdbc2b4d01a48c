# Users as an admin manages them: create, find, change, disable, import from CSV with bad rows.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $env:RASMFA_DATABASE = New-TestDatabasePath
    $script:folder = Split-Path $env:RASMFA_DATABASE
}

AfterAll {
    Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:RASMFA_DATABASE
}

Describe 'New-, Get-, Set- and Remove-RasMfaUser' {
    It 'creates a user, enabled and not enrolled' {
        $user = New-RasMfaUser -UserName 'alice@corp.example' -DisplayName 'Alice Liddell' -Email 'alice@corp.example' -PhoneNumber '+44 20 7946 0000' -PassThru
        $user.Enabled | Should -BeTrue
        $user.Enrolled | Should -BeFalse
        $user.Locked | Should -BeFalse
        (Get-RasMfaUser 'ALICE@corp.example').DisplayName | Should -Be 'Alice Liddell'
    }

    It 'refuses a duplicate name and a malformed e-mail address with their error ids' {
        New-RasMfaUser -UserName 'Alice@Corp.Example' -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'DuplicateRasMfaUser,*'
        New-RasMfaUser -UserName bob -Email 'bob-at-corp' -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'InvalidRasMfaUser,*'
        Get-RasMfaUser bob -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'creates users from the pipeline by property name' {
        @([pscustomobject]@{ UserName = 'carol'; DisplayName = 'Carol' }, [pscustomobject]@{ UserName = 'dave'; Email = 'dave@corp.example' }) | New-RasMfaUser
        (Get-RasMfaUser carol, dave).Count | Should -Be 2
    }

    It 'changes only what it is given, and clears a field given as empty' {
        $changed = Set-RasMfaUser carol -Email 'carol@corp.example' -PassThru
        $changed.DisplayName | Should -Be 'Carol'
        (Set-RasMfaUser carol -DisplayName '' -PassThru).DisplayName | Should -BeNullOrEmpty
    }

    It 'disables and enables from the pipeline' {
        Get-RasMfaUser carol, dave | Disable-RasMfaUser
        (Get-RasMfaUser carol, dave).Enabled | Should -Be @($false, $false)
        (Enable-RasMfaUser dave -PassThru).Enabled | Should -BeTrue
    }

    It 'reports a missing user with RasMfaUserNotFound on every cmdlet' {
        foreach ($command in 'Get-RasMfaUser', 'Set-RasMfaUser', 'Enable-RasMfaUser', 'Disable-RasMfaUser', 'Unlock-RasMfaUser', 'Remove-RasMfaUser') {
            & $command -UserName nobody -ErrorVariable failure -ErrorAction SilentlyContinue
            $failure[0].FullyQualifiedErrorId | Should -BeLike 'RasMfaUserNotFound,*' -Because $command
        }
    }

    It 'refuses a name with a lone surrogate with InvalidRasMfaUser on every cmdlet that changes a user, not an unhandled exception' {
        $name = "bob$([char]0xD800)"
        # Get-RasMfaUser selects by wildcard from the list: such a name matches no one.
        Get-RasMfaUser -UserName $name -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RasMfaUserNotFound,*'
        foreach ($command in 'Set-RasMfaUser', 'Enable-RasMfaUser', 'Disable-RasMfaUser', 'Unlock-RasMfaUser', 'Remove-RasMfaUser') {
            & $command -UserName $name -ErrorVariable failure -ErrorAction SilentlyContinue
            $failure[0].FullyQualifiedErrorId | Should -BeLike 'InvalidRasMfaUser,*' -Because $command
        }
    }

    It 'removes a user, with -WhatIf changing nothing' {
        Remove-RasMfaUser dave -WhatIf
        Get-RasMfaUser dave | Should -Not -BeNullOrEmpty
        Remove-RasMfaUser dave -Confirm:$false
        Get-RasMfaUser dave -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'Import-RasMfaUser' {
    It 'imports a CSV file, reporting each bad row with its line and keeping the good ones' {
        $csv = Join-Path $folder 'users.csv'
        Set-Content $csv -Value @(
            'UserName,DisplayName,Email,PhoneNumber,Enabled'
            'erin,Erin,erin@corp.example,,True'
            ',No Name,,,'
            'frank,Frank,frank-at-corp,,'
            'gina,"Gina, PhD",gina@corp.example,+1 555 0100,False'
            'hank,Hank,,,maybe'
            'alice@corp.example,Alice L.,,,'
        )
        $summary = Import-RasMfaUser -Path $csv -ErrorVariable failures -ErrorAction SilentlyContinue
        $summary.Created | Should -Be 2
        $summary.Updated | Should -Be 1
        $summary.Failed | Should -Be 3
        $failures.Count | Should -Be 3
        $failures[0].Exception.Message | Should -Match '^line 6: Enabled'
        ($failures.Exception.Message -join "`n") | Should -Match 'line 3: '
        ($failures.Exception.Message -join "`n") | Should -Match 'line 4: .*frank-at-corp'
        (Get-RasMfaUser gina).DisplayName | Should -Be 'Gina, PhD'
        (Get-RasMfaUser gina).Enabled | Should -BeFalse
        (Get-RasMfaUser 'alice@corp.example').DisplayName | Should -Be 'Alice L.'
        (Get-RasMfaUser 'alice@corp.example').Email | Should -Be 'alice@corp.example'
        Get-RasMfaUser frank -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'imports Import-Csv objects from the pipeline, reading "False" as false' {
        $rows = @('UserName,Enabled,Email', 'ivan,False,ivan@corp.example', 'judy,,') | ConvertFrom-Csv
        $summary = $rows | Import-RasMfaUser
        $summary.Created | Should -Be 2
        (Get-RasMfaUser ivan).Enabled | Should -BeFalse
        (Get-RasMfaUser judy).Enabled | Should -BeTrue
        ($rows | Import-RasMfaUser).Unchanged | Should -Be 2
    }

    It 'stops with ImportFileNotFound for a missing file' {
        { Import-RasMfaUser -Path (Join-Path $folder 'missing.csv') -ErrorAction Stop } | Should -Throw -ErrorId 'ImportFileNotFound,*'
    }
}
