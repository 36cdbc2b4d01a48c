<#
.SYNOPSIS
    Times wrapping and unwrapping a shared store's key with a passphrase (Argon2id, 64 MiB, 3 passes, 2 lanes), against
    a baseline measured in the same run.
.DESCRIPTION
    The baseline is PBKDF2-HMAC-SHA256 with 600,000 iterations (OWASP's figure for it): a password KDF an admin would
    know. The ratio says how much longer than that a join takes; what it costs an attacker per guess is the same work,
    plus 64 MiB held for the whole of it, which is what makes Argon2id dear on GPUs. Bounded: -Count (default 5) of each.
    Memory: the process's peak working set before and after.
.EXAMPLE
    dotnet pwsh ./bench/Measure-StoreKeyEscrow.ps1 -Count 5
#>
param(
    [ValidateRange(1, 50)] [int] $Count = 5,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/RasMfa/RasMfa.psd1')
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
Import-Module (Join-Path $PSScriptRoot '../tools/EngineTypes.psm1')
$escrow = Get-EngineType Security.StoreKeyEscrow
$storeKey = [byte[]]::new(32)
[System.Security.Cryptography.RandomNumberGenerator]::Create().GetBytes($storeKey)
$passphrase = 'correct horse battery staple'
$storeId = [guid]::NewGuid().ToString()

function Measure-Median([string] $Label, [scriptblock] $Work) {
    $times = foreach ($i in 1..$Count) { (Measure-Command $Work).TotalMilliseconds }
    $sorted = $times | Sort-Object
    [pscustomobject]@{ Work = $Label; MedianMilliseconds = [Math]::Round($sorted[[int][Math]::Floor(($sorted.Count - 1) / 2)], 1); FastestMilliseconds = [Math]::Round($sorted[0], 1) }
}

$process = [System.Diagnostics.Process]::GetCurrentProcess()
$peakBefore = $process.PeakWorkingSet64
$baseline = Measure-Median 'baseline: PBKDF2-HMAC-SHA256, 600,000 iterations' {
    $kdf = [System.Security.Cryptography.Rfc2898DeriveBytes]::new($passphrase, [byte[]]::new(16), 600000, [System.Security.Cryptography.HashAlgorithmName]::SHA256)
    [void]$kdf.GetBytes(32)
    $kdf.Dispose()
}
$blob = $escrow::Wrap($storeKey, $passphrase, $storeId)
$rows = @(
    $baseline
    Measure-Median 'StoreKeyEscrow.Wrap (Argon2id 64 MiB, t=3, p=2)' { [void]$escrow::Wrap($storeKey, $passphrase, $storeId) }
    Measure-Median 'StoreKeyEscrow.Unwrap (the same work, then AES-GCM)' { [void]$escrow::Unwrap($blob, $passphrase, $storeId) }
)
$process.Refresh()
"Store key escrow, $Count of each, $([Environment]::ProcessorCount) cores, PowerShell $($PSVersionTable.PSVersion), $(Get-Date -Format 'yyyy-MM-dd')"
$rows | ForEach-Object { $_ | Add-Member -PassThru TimesBaseline ([Math]::Round($_.MedianMilliseconds / $baseline.MedianMilliseconds, 2)) } | Format-Table -AutoSize | Out-String -Width 160
"Peak working set: $([Math]::Round($peakBefore / 1MB)) MiB before, $([Math]::Round($process.PeakWorkingSet64 / 1MB)) MiB after."
