# A throwaway PostgreSQL 15 cluster for the tests, made with initdb and pg_ctl from Debian's postgresql-15 (not the
# system service: a cluster of its own in a temp folder, on a free loopback port, so that several run side by side).
# build.ps1 Test starts one for the whole run and names it to the test processes by RASMFA_TEST_POSTGRES, the path of a
# JSON descriptor (Save-PostgreSqlClusterDescriptor); every function here takes that descriptor as it takes the object
# Start-PostgreSqlCluster returns.
Set-StrictMode -Version 3

$script:DefaultBinDirectory = '/usr/lib/postgresql/15/bin'

<#
    Makes a cluster in a new temp folder and starts it: scram-sha-256 for every connection, a random password for the
    superuser postgres, listening on 127.0.0.1 only (a free TCP port) with its Unix socket in its own folder, room for
    300 connections, fsync on as in production. initdb refuses root, so as root the server runs as the postgres account
    (made by the Debian package) through runuser, and as the current user otherwise. About 3 s.
#>
function Start-PostgreSqlCluster {
    param([string] $BinDirectory = $script:DefaultBinDirectory, [int] $MaxConnections = 300)
    foreach ($tool in 'initdb', 'pg_ctl') {
        if (-not (Test-Path (Join-Path $BinDirectory $tool))) {
            throw "PostgreSQL 15's $tool is not in ${BinDirectory}: install the Debian package postgresql-15 (build.ps1 Test does when root)."
        }
    }
    $runAs = if ((& id -u) -eq '0') { 'postgres' } else { (& id -un) }
    $directory = Join-Path ([System.IO.Path]::GetTempPath()) ('rasmfa-postgres-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $cluster = $null
    try {
        New-Item -ItemType Directory -Path (Join-Path $directory 'socket') -Force | Out-Null
        $password = New-ClusterPassword
        $passwordFile = Join-Path $directory 'superuser-password'
        New-Item -ItemType File -Path $passwordFile | Out-Null
        Invoke-ClusterCommand chmod @('600', $passwordFile)
        [System.IO.File]::WriteAllText($passwordFile, $password)
        Invoke-ClusterCommand chmod @('700', $directory)
        if ($runAs -eq 'postgres') { Invoke-ClusterCommand chown @('-R', 'postgres:postgres', $directory) }

        $cluster = [pscustomobject]@{
            Port = 0; Password = $password; ConnectionString = ''
            Directory = $directory; DataDirectory = (Join-Path $directory 'data'); SocketDirectory = (Join-Path $directory 'socket')
            BinDirectory = $BinDirectory; RunAs = $runAs; LogFile = (Join-Path $directory 'postgres.log')
        }
        Invoke-AsClusterOwner $cluster 'initdb' @('-D', $cluster.DataDirectory, '-U', 'postgres', '--auth=scram-sha-256',
            "--pwfile=$passwordFile", '-E', 'UTF8', '--no-locale', '--no-sync')
        Remove-Item $passwordFile -Force

        # A free port can be taken by another process between the probe and the server's bind: try a few.
        for ($attempt = 1; ; $attempt++) {
            $cluster.Port = Get-FreeTcpPort
            $settings = @(
                "listen_addresses = '127.0.0.1'"
                "port = $($cluster.Port)"
                "unix_socket_directories = '$($cluster.SocketDirectory)'"
                "max_connections = $MaxConnections"
                'fsync = on'
                "logging_collector = off"
            )
            Set-Content -Path (Join-Path $cluster.DataDirectory 'postgresql.auto.conf') -Value $settings
            if ($runAs -eq 'postgres') { Invoke-ClusterCommand chown @('postgres:postgres', (Join-Path $cluster.DataDirectory 'postgresql.auto.conf')) }
            try { Start-ClusterServer $cluster; break }
            catch { if ($attempt -ge 3 -or "$_" -notmatch 'Address already in use') { throw } }
        }
        $cluster.ConnectionString = "Host=127.0.0.1;Port=$($cluster.Port);Username=postgres;Password=$password"
        $cluster
    }
    catch {
        # Leave nothing behind: no server, no folder.
        if ($cluster) { Stop-ClusterServer $cluster }
        Remove-Item $directory -Recurse -Force -ErrorAction SilentlyContinue
        throw
    }
}

<# Stops the server (fast: open sessions are ended) and removes its folder. Never throws: it runs in finally blocks. #>
function Stop-PostgreSqlCluster {
    param($Cluster)
    if (-not $Cluster) { return }
    try { Stop-ClusterServer $Cluster } catch { Write-Warning "Stopping PostgreSQL on port $($Cluster.Port) failed: $_" }
    Remove-Item $Cluster.Directory -Recurse -Force -ErrorAction SilentlyContinue
}

<# Stops the server and keeps its folder, for the "store unreachable" tests; Resume-PostgreSqlCluster starts it again. #>
function Suspend-PostgreSqlCluster {
    param([Parameter(Mandatory)] $Cluster)
    Invoke-AsClusterOwner $Cluster 'pg_ctl' @('stop', '-D', $Cluster.DataDirectory, '-m', 'fast', '-w', '-t', '60')
}

<# Starts a suspended server again: the same folder, port and password. #>
function Resume-PostgreSqlCluster {
    param([Parameter(Mandatory)] $Cluster)
    Start-ClusterServer $Cluster
}

<# Writes the cluster as JSON for test processes (the password with it, so the file is readable by its owner only). #>
function Save-PostgreSqlClusterDescriptor {
    param([Parameter(Mandatory)] $Cluster, [Parameter(Mandatory)] [string] $Path)
    $json = $Cluster | Select-Object Port, Password, ConnectionString, Directory, DataDirectory, SocketDirectory, BinDirectory, RunAs, LogFile |
        ConvertTo-Json
    Remove-Item $Path -Force -ErrorAction SilentlyContinue
    New-Item -ItemType File -Path $Path | Out-Null
    if (-not $IsWindows) { Invoke-ClusterCommand chmod @('600', $Path) }
    [System.IO.File]::WriteAllText($Path, $json)
}

<# The cluster another process started, from its descriptor; the functions here take it as they take Start-PostgreSqlCluster's. #>
function Read-PostgreSqlClusterDescriptor {
    param([Parameter(Mandatory)] [string] $Path)
    Get-Content -Path $Path -Raw | ConvertFrom-Json
}

function Start-ClusterServer($Cluster) {
    try {
        Invoke-AsClusterOwner $Cluster 'pg_ctl' @('start', '-D', $Cluster.DataDirectory, '-l', $Cluster.LogFile, '-w', '-t', '60')
    }
    catch {
        $tail = (Get-Content $Cluster.LogFile -Tail 20 -ErrorAction SilentlyContinue) -join "`n"
        throw "PostgreSQL did not start on 127.0.0.1:$($Cluster.Port): $_`nLast lines of $($Cluster.LogFile):`n$tail"
    }
}

function Stop-ClusterServer($Cluster) {
    if (-not (Test-Path (Join-Path $Cluster.DataDirectory 'postmaster.pid'))) { return }
    Invoke-AsClusterOwner $Cluster 'pg_ctl' @('stop', '-D', $Cluster.DataDirectory, '-m', 'fast', '-w', '-t', '60')
}

# Runs one of the cluster's binaries as the account that owns its folder, from that folder (the postgres account may not
# be allowed into the caller's working folder).
function Invoke-AsClusterOwner($Cluster, [string] $Tool, [string[]] $Arguments) {
    $path = Join-Path $Cluster.BinDirectory $Tool
    $parent = Split-Path $Cluster.DataDirectory
    Push-Location $parent
    try {
        if ($Cluster.RunAs -ne (& id -un)) { Invoke-ClusterCommand runuser (@('-u', $Cluster.RunAs, '--', $path) + $Arguments) }
        else { Invoke-ClusterCommand $path $Arguments }
    }
    finally { Pop-Location }
}

function Invoke-ClusterCommand([string] $Command, [string[]] $Arguments) {
    $output = & $Command @Arguments 2>&1
    if ($LASTEXITCODE -ne 0) { throw "$Command $($Arguments -join ' ') failed ($LASTEXITCODE): $($output -join "`n")" }
}

function Get-FreeTcpPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

# 32 hex digits (128 random bits): no character a connection string or the shell would have to quote.
function New-ClusterPassword {
    $bytes = [byte[]]::new(16)
    [System.Security.Cryptography.RandomNumberGenerator]::Create().GetBytes($bytes)
    -join ($bytes | ForEach-Object { $_.ToString('x2') })
}

Export-ModuleMember -Function Start-PostgreSqlCluster, Stop-PostgreSqlCluster, Suspend-PostgreSqlCluster, Resume-PostgreSqlCluster,
    Save-PostgreSqlClusterDescriptor, Read-PostgreSqlClusterDescriptor
