# A store whose key or entropy file is missing or replaced, as an admin meets it: an ErrorRecord with an id and a way back.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:RASMFA_MODULE -Force
    $env:RASMFA_DATABASE = New-TestDatabasePath
    $script:folder = Split-Path $env:RASMFA_DATABASE
    $script:keyFile = Join-Path $folder $(if ($IsWindows -or $PSVersionTable.PSEdition -eq 'Desktop') { 'rasmfa.entropy' } else { 'rasmfa.key' })
    Add-RasMfaRadiusClient -Name ras -Address 127.0.0.1 -SharedSecret (ConvertTo-TestSecret 'store-faults-shared-secret-0123')
    $script:original = [System.IO.File]::ReadAllBytes($keyFile)
}

AfterAll {
    Clear-StoreConnections
    Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:RASMFA_DATABASE
}

Describe 'A lost or replaced key file' {
    AfterEach { [System.IO.File]::WriteAllBytes($keyFile, $original) }

    It 'is refused when replaced, with StoreKeyMismatch and how to restore it, and the original opens the store again' {
        $other = [byte[]]::new(32)
        [System.Security.Cryptography.RandomNumberGenerator]::Create().GetBytes($other)
        [System.IO.File]::WriteAllBytes($keyFile, $other)

        $failure = { Get-RasMfaRadiusClient -ErrorAction Stop } | Should -Throw -ErrorId 'StoreKeyMismatch,*' -PassThru
        "$($failure.CategoryInfo.Category)" | Should -Be 'ReadError'
        $failure.Exception.Message | Should -Match 'is not the key the database .* was sealed with'
        $failure.Exception.Message | Should -Match 'taken together with this database'

        [System.IO.File]::WriteAllBytes($keyFile, $original)
        (Get-RasMfaRadiusClient -Name ras).Unreadable | Should -BeNullOrEmpty
    }

    It 'is refused when deleted, with StoreKeyMissing, and no new key file is made' {
        Remove-Item $keyFile
        { Get-RasMfaRadiusClient -ErrorAction Stop } | Should -Throw -ErrorId 'StoreKeyMissing,*'
        $keyFile | Should -Not -Exist
    }
}
