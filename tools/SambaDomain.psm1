# A real Samba Active Directory domain controller on loopback, for the tests (xunit and Pester). Samba binds the fixed
# LDAP ports 389 and 636, so one runs at a time: build.ps1 Test starts one for the whole run and hands it to the test
# processes through a JSON descriptor named by RASMFA_TEST_SAMBA.
Set-StrictMode -Version 3

<#
    Provisions a Samba Active Directory domain controller on loopback, with a CA and a server certificate made for
    127.0.0.1 (so LDAPS and StartTLS verify by address), and starts it. Returns where things are. About 10 s.
#>
function Start-SambaDomain {
    param([string] $Realm = 'RASMFA.TEST', [string] $Domain = 'RASMFA', [string] $AdminPassword = 'Adm1n-Passw0rd!')
    $directory = Join-Path ([System.IO.Path]::GetTempPath()) ("rasmfa-samba-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $process = $null
    try {
        $tls = Join-Path $directory 'tls'
        $caFolder = Join-Path $directory 'trusted-ca'
        New-Item -ItemType Directory -Path $tls, $caFolder -Force | Out-Null
        $run = { param($command, [string[]] $arguments) $output = & $command @arguments 2>&1; if ($LASTEXITCODE -ne 0) { throw "$command $($arguments -join ' ') failed: $output" } }
        & $run openssl @('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', "$tls/ca.key", '-out', "$tls/ca.pem", '-days', '2', '-subj', '/CN=RasMfa Test CA')
        & $run openssl @('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', "$tls/server.key", '-out', "$tls/server.csr", '-subj', '/CN=127.0.0.1')
        Set-Content "$tls/ext.cnf" "subjectAltName=IP:127.0.0.1,DNS:localhost`nextendedKeyUsage=serverAuth"
        & $run openssl @('x509', '-req', '-in', "$tls/server.csr", '-CA', "$tls/ca.pem", '-CAkey', "$tls/ca.key", '-CAcreateserial', '-out', "$tls/server.pem", '-days', '2', '-extfile', "$tls/ext.cnf")
        & $run chmod @('600', "$tls/server.key")
        Copy-Item "$tls/ca.pem" $caFolder
        & $run openssl @('rehash', $caFolder)
        & $run samba-tool @('domain', 'provision', "--targetdir=$directory/dc", "--realm=$Realm", "--domain=$Domain", '--server-role=dc', '--dns-backend=NONE',
            "--adminpass=$AdminPassword", '--option=interfaces=lo', '--option=bind interfaces only=yes', '--option=tls enabled=yes',
            "--option=tls keyfile=$tls/server.key", "--option=tls certfile=$tls/server.pem", "--option=tls cafile=$tls/ca.pem")
        $configuration = "$directory/dc/etc/smb.conf"
        # A domain controller left running would answer on these ports instead of ours; fail clearly instead.
        $busy = & ss -ltnH 'sport = :636 or sport = :389'
        if ($busy) { throw "LDAP ports 389/636 are already in use on this machine: $busy" }
        $process = Start-Process -FilePath (Get-Command samba).Source -ArgumentList @('-i', '-M', 'single', '-s', $configuration) `
            -RedirectStandardOutput "$directory/samba.log" -RedirectStandardError "$directory/samba.err" -PassThru
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        $listening = $false
        while (-not $listening -and [DateTime]::UtcNow -lt $deadline) {
            if ($process.HasExited) { throw "samba exited: $(Get-Content "$directory/samba.log" -Raw)" }
            $client = New-Object System.Net.Sockets.TcpClient
            try { $client.Connect('127.0.0.1', 636); $listening = $true } catch { Start-Sleep -Milliseconds 300 } finally { $client.Dispose() }
        }
        if (-not $listening) { throw "samba did not listen on 636 within 60 s: $(Get-Content "$directory/samba.log" -Raw)" }
    }
    catch {
        # Leave nothing behind: another run (or another work tree on this machine) may want the ports and /tmp.
        if ($process) { Stop-ProcessTree -Id $process.Id }
        Remove-Item $directory -Recurse -Force -ErrorAction SilentlyContinue
        throw
    }
    [pscustomobject]@{
        Process = $process; Directory = $directory; Configuration = $configuration; CaFolder = $caFolder; CaFile = "$tls/ca.pem"
        Realm = $Realm; Domain = $Domain; BaseDN = 'DC=' + ($Realm.ToLowerInvariant() -replace '\.', ',DC='); AdminPassword = $AdminPassword
    }
}

<#
    Writes where a running domain controller is, for other processes: Directory, Configuration (its smb.conf), CaFolder
    (rehashed, for TrustedCaPath), CaFile, Realm, Domain, BaseDN, AdminPassword.
#>
function Save-SambaDomainDescriptor {
    param([Parameter(Mandatory)] $Samba, [Parameter(Mandatory)] [string] $Path)
    $Samba | Select-Object Directory, Configuration, CaFolder, CaFile, Realm, Domain, BaseDN, AdminPassword |
        ConvertTo-Json | Set-Content -Path $Path -Encoding utf8
}

<# The domain controller another process started, from its descriptor; Invoke-SambaTool takes it as it takes Start-SambaDomain's. #>
function Read-SambaDomainDescriptor {
    param([Parameter(Mandatory)] [string] $Path)
    Get-Content -Path $Path -Raw | ConvertFrom-Json
}

<# Runs samba-tool against a domain started by Start-SambaDomain (or read from its descriptor). #>
function Invoke-SambaTool {
    param([Parameter(Mandatory)] $Samba, [Parameter(Mandatory, ValueFromRemainingArguments)] [string[]] $Arguments)
    $output = & samba-tool @Arguments -s $Samba.Configuration 2>&1
    if ($LASTEXITCODE -ne 0) { throw "samba-tool $($Arguments -join ' ') failed: $output" }
    $output
}

function Stop-SambaDomain {
    param($Samba)
    if ($Samba) { Stop-ProcessTree -Id $Samba.Process.Id }
    if ($Samba) { Remove-Item $Samba.Directory -Recurse -Force -ErrorAction SilentlyContinue }
}

<# Stops a process and everything it started (samba forks smbd and winbindd, which would outlive it). #>
function Stop-ProcessTree {
    param([int] $Id)
    $children = @(& ps -o pid= --ppid $Id 2>$null | ForEach-Object { [int]$_.Trim() })
    foreach ($child in $children) { Stop-ProcessTree -Id $child }
    Stop-Process -Id $Id -Force -ErrorAction SilentlyContinue
    try { (Get-Process -Id $Id -ErrorAction Stop).WaitForExit(10000) | Out-Null } catch { }
}

Export-ModuleMember -Function Start-SambaDomain, Save-SambaDomainDescriptor, Read-SambaDomainDescriptor, Invoke-SambaTool, Stop-SambaDomain
