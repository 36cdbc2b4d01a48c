# FreeRADIUS's radclient as the load generator of the issue 16 measurements (bench/Measure-RadclientLoad.ps1,
# bench/Measure-PerfBreakdown.ps1): the logins it sends, their request file for one TOTP step, and one pass of it.
Set-StrictMode -Version 3
Import-Module (Join-Path $PSScriptRoot '../tools/EngineTypes.psm1')
Import-Module (Join-Path $PSScriptRoot 'BenchmarkHelpers.psm1')

# A pass starts at most this far into a step: its codes stay good to the end of the next step (one step back is
# accepted by both servers: RasMfa's TotpStepsBack and rlm_totp's lookback_steps default to 1).
$script:LatestStartMs = 15000

<# The logins of a load-users CSV (UserName,Secret in Base32, as Write-EnrolmentFiles writes it): Name and the secret's bytes. #>
function Read-RadclientLogins([string] $Path) {
    $otpSecrets = Get-EngineType Tokens.OtpSecrets
    @(Import-Csv $Path | ForEach-Object { [pscustomobject]@{ Name = $_.UserName; Key = $otpSecrets::Parse($_.Secret) } })
}

<#
    The 6-digit TOTP code (RFC 6238, HMAC-SHA1, 30 s) of each login for -Step, as radclient's request file; computed here,
    not by RasMfa. Each request carries a Message-Authenticator (radclient computes it) unless -Unsigned.
#>
function Write-RadclientRequestFile([string] $Path, [object[]] $Logins, [long] $Step, [switch] $Unsigned) {
    $counter = [byte[]]::new(8)
    for ($i = 0; $i -lt 8; $i++) { $counter[7 - $i] = [byte](($Step -shr (8 * $i)) -band 0xff) }
    $text = [System.Text.StringBuilder]::new($Logins.Count * 96)
    foreach ($login in $Logins) {
        $hash = [System.Security.Cryptography.HMACSHA1]::HashData($login.Key, $counter)
        $offset = $hash[19] -band 0x0f
        $binary = (([int]$hash[$offset] -band 0x7f) -shl 24) -bor ([int]$hash[$offset + 1] -shl 16) -bor ([int]$hash[$offset + 2] -shl 8) -bor [int]$hash[$offset + 3]
        [void]$text.Append("User-Name = `"$($login.Name)`"`nUser-Password = `"$(($binary % 1000000).ToString('D6'))`"`n")
        if (-not $Unsigned) { [void]$text.Append("Message-Authenticator = 0x00`n") }
        [void]$text.Append("`n")
    }
    [System.IO.File]::WriteAllText($Path, $text.ToString())
}

<# Waits for a TOTP step later than -After, early enough in it (a code is good once per store); returns that step. #>
function Wait-RadclientStep([long] $After) {
    while ($true) {
        $step = Get-CurrentStep
        $into = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds() % 30000
        if ($step -gt $After -and $into -lt $script:LatestStartMs) { return $step }
        Wait-NextStep
    }
}

<#
    One radclient pass: each request of -RequestFile (written for -Step) sent once (-r 1) to 127.0.0.1:-Port with -Parallel
    outstanding, each answer awaited -TimeoutSeconds. Stopped before the step's codes expire (the end of the next step).
    Returns what radclient counted (Accepted, Rejected, Lost), whether it was stopped (CutShort), the seconds it took and
    its output; -OutputPrefix names its .out and .err files.
#>
function Invoke-RadclientPass {
    param([string] $RequestFile, [long] $Step, [int] $Port, [string] $Secret, [int] $Parallel, [double] $TimeoutSeconds, [string] $OutputPrefix)
    $limitMs = [int](60000 - ([DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds() - $Step * 30000) - 1000)
    $arguments = @('-q', '-s', '-r', '1', '-t', $TimeoutSeconds, '-p', $Parallel, '-f', $RequestFile, "127.0.0.1:$Port", 'auth', $Secret)
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $radclient = Start-Process radclient -ArgumentList $arguments -RedirectStandardOutput "$OutputPrefix.out" -RedirectStandardError "$OutputPrefix.err" -PassThru
    $cutShort = -not $radclient.WaitForExit($limitMs)
    if ($cutShort) { Stop-Process -Id $radclient.Id -Force; $radclient.WaitForExit() }
    $seconds = $watch.Elapsed.TotalSeconds
    $summary = (Get-Content "$OutputPrefix.out" -Raw -ErrorAction SilentlyContinue) + (Get-Content "$OutputPrefix.err" -Raw -ErrorAction SilentlyContinue)
    $count = { param($label) if ($summary -match "$label\s*:\s*(\d+)") { [int]$Matches[1] } else { 0 } }
    [pscustomobject]@{ Accepted = & $count 'Accepted'; Rejected = & $count 'Rejected'; Lost = & $count 'Lost'; CutShort = $cutShort; Seconds = $seconds; Output = $summary }
}

Export-ModuleMember -Function Read-RadclientLogins, Write-RadclientRequestFile, Wait-RadclientStep, Invoke-RadclientPass
