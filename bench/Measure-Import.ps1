<#
.SYNOPSIS
    Times Import-RasMfaUser and Import-RasMfaOathToken on generated files, against a baseline measured in the same run.
.DESCRIPTION
    The baseline is PowerShell's own Import-Csv reading the same file: the least any CSV import can cost here.
    Everything happens in a temporary store, deleted at the end. Bounded: -Rows (default 100,000) rows per file.
.EXAMPLE
    dotnet pwsh ./bench/Measure-Import.ps1 -Rows 100000
#>
param(
    [ValidateRange(1000, 1000000)] [int] $Rows = 100000,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/RasMfa/RasMfa.psd1')
)
$ErrorActionPreference = 'Stop'
$folder = Join-Path ([System.IO.Path]::GetTempPath()) ("rasmfa-bench-" + [guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Path $folder | Out-Null
$env:RASMFA_DATABASE = Join-Path $folder 'rasmfa.db'
try {
    Import-Module $ModulePath -Force
    Import-Module (Join-Path $PSScriptRoot '../tools/EngineTypes.psm1') -Force
    $users = Join-Path $folder 'users.csv'
    $tokens = Join-Path $folder 'tokens.csv'
    $random = [System.Security.Cryptography.RandomNumberGenerator]::Create()
    $userLines = [System.Collections.Generic.List[string]]::new($Rows + 1)
    $tokenLines = [System.Collections.Generic.List[string]]::new($Rows + 1)
    $userLines.Add('UserName,DisplayName,Email,PhoneNumber,Enabled')
    $tokenLines.Add('Serial,Secret,Type,Digits,Period,UserName')
    $secret = [byte[]]::new(20)
    for ($i = 0; $i -lt $Rows; $i++) {
        $userLines.Add("user$i@corp.example,User $i,user$i@corp.example,+44 20 7946 $($i % 10000),True")
        $random.GetBytes($secret)
        $tokenLines.Add("HW$i,$([Convert]::ToHexString($secret)),TOTP,6,30,")
    }
    [System.IO.File]::WriteAllLines($users, $userLines)
    [System.IO.File]::WriteAllLines($tokens, $tokenLines)

    $baseline = Measure-Command { Import-Csv $users | Out-Null }
    $userImport = Measure-Command { $script:summary = Import-RasMfaUser -Path $users 6>$null }
    $userUpdate = Measure-Command { $script:again = Import-RasMfaUser -Path $users 6>$null }
    $tokenImport = Measure-Command { Import-RasMfaOathToken -Path $tokens }
    $machine = "$([Environment]::ProcessorCount) cores, $([Math]::Round((Get-Content /proc/meminfo -TotalCount 1).Split(' ', [StringSplitOptions]::RemoveEmptyEntries)[1] / 1MB)) GiB"
    "RasMfa import benchmark, $Rows rows per file, $machine, $(Get-Date -Format 'yyyy-MM-dd')"
    "{0,-40} {1,8:N2} s   ratio {2,5:N2}" -f 'baseline: Import-Csv of the users file', $baseline.TotalSeconds, 1
    "{0,-40} {1,8:N2} s   ratio {2,5:N2}   ({3} created)" -f 'Import-RasMfaUser -Path (new users)', $userImport.TotalSeconds, ($userImport.TotalSeconds / $baseline.TotalSeconds), $summary.Created
    "{0,-40} {1,8:N2} s   ratio {2,5:N2}   ({3} unchanged)" -f 'Import-RasMfaUser -Path (same again)', $userUpdate.TotalSeconds, ($userUpdate.TotalSeconds / $baseline.TotalSeconds), $again.Unchanged
    "{0,-40} {1,8:N2} s   ratio {2,5:N2}   ({3} tokens)" -f 'Import-RasMfaOathToken (TOTP CSV)', $tokenImport.TotalSeconds, ($tokenImport.TotalSeconds / $baseline.TotalSeconds), @(Get-RasMfaToken).Count
}
finally {
    Clear-StoreConnections
    Remove-Module RasMfa -ErrorAction SilentlyContinue
    Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:RASMFA_DATABASE
}
