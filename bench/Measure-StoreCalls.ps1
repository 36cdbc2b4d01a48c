<#
.SYNOPSIS
    Times the store calls one login makes, one by one, so the benchmark's figures can be explained.
.EXAMPLE
    dotnet pwsh ./bench/Measure-StoreCalls.ps1 -Count 1000
#>
param(
    [ValidateRange(100, 100000)] [int] $Count = 1000,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/RasMfa/RasMfa.psd1')
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
Import-Module (Join-Path $PSScriptRoot '../tools/EngineTypes.psm1')
$folder = Join-Path ([System.IO.Path]::GetTempPath()) ("rasmfa-storecalls-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
try {
    $store = (Get-EngineType Storage.SqliteStore)::new((Join-Path $folder 'rasmfa.db'))
    $user = (Get-EngineType Users.MfaUser)::new('alice')
    $store.Users.Add($user)
    $token = (Get-EngineType Tokens.OtpToken)::new('T1', 'Totp', (Get-EngineType Tokens.OtpSecrets)::Generate('Sha1'))
    $token.UserId = $user.Id
    $store.Tokens.Add($token, $false)
    $record = (@{ ClientName = 'bench'; ClientAddress = '127.0.0.1'; UserName = 'alice'; Result = 'Accept'; Reason = 'code accepted'; Method = 'TOTP/PAP' } -as (Get-EngineType Audit.AuthenticationRecord))
    # The writer thread has no runspace: the audit record's maker is a compiled delegate, not a script block.
    $settlement = [System.Linq.Expressions.Expression]::Parameter((Get-EngineType Mfa.LoginSettlement), 'settlement')
    $describe = [System.Linq.Expressions.Expression]::Lambda([System.Linq.Expressions.Expression]::Constant($record, (Get-EngineType Audit.AuthenticationRecord)), $settlement).Compile()
    $lockout = (Get-EngineType Mfa.LockoutPolicy)::new(100, [TimeSpan]::FromMinutes(1), [DateTime]::UtcNow)
    function Measure-Call([string] $Label, [scriptblock] $Call) {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        for ($i = 0; $i -lt $Count; $i++) { & $Call $i }
        [pscustomobject]@{ Call = $Label; MillisecondsPerCall = [Math]::Round($watch.Elapsed.TotalMilliseconds / $Count, 3) }
    }
    $baseline = Measure-Call 'baseline: empty PowerShell loop' { param($i) }
    $calls = @(
        $baseline
        # The admin cmdlets' reads, for comparison: a connection opened and the SQL parsed per call.
        Measure-Call 'Users.Get + Users.TokenSerialsOf (cmdlet path)' { param($i) [void]$store.Users.TokenSerialsOf($store.Users.Get('alice').Id) }
        Measure-Call 'Logins.Find (login path: pooled, prepared, decrypts)' { param($i) [void]$store.Logins.Find('alice') }
        # One at a time, so each write is its own group-commit batch: the cost a lone login pays.
        Measure-Call 'Logins.SettleAsync, code accepted (step + counters + audit, commit)' { param($i)
            $use = (Get-EngineType Mfa.CodeUse)::Of($token, (Get-EngineType Tokens.OtpMatch)::new(1000 + $i, 0))
            [void]$store.Logins.SettleAsync((Get-EngineType Mfa.LoginWrite)::Accept($user.Id, $use, $lockout), $describe).GetAwaiter().GetResult() }
        Measure-Call 'Logins.SettleAsync, wrong code (failure count + audit, commit)' { param($i)
            [void]$store.Logins.SettleAsync((Get-EngineType Mfa.LoginWrite)::CountFailure($user.Id, $lockout), $describe).GetAwaiter().GetResult() }
        Measure-Call 'Logins.SettleAsync, audit only (commit)' { param($i) [void]$store.Logins.SettleAsync((Get-EngineType Mfa.LoginWrite)::AuditOnly, $describe).GetAwaiter().GetResult() }
    )
    "Store calls, $Count each, $([Environment]::ProcessorCount) cores, $(Get-Date -Format 'yyyy-MM-dd')"
    $calls | ForEach-Object { $_ | Add-Member -PassThru NetOfBaseline ([Math]::Round($_.MillisecondsPerCall - $baseline.MillisecondsPerCall, 3)) } | Format-Table -AutoSize | Out-String -Width 160
}
finally {
    if ($store) { $store.Dispose() }
    Clear-StoreConnections
    Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
}
