# The run's throwaway PostgreSQL 15 cluster for the Pester tests (build.ps1 Test starts it, tools/PostgreSqlCluster.psm1;
# RASMFA_TEST_POSTGRES names its descriptor): a database of its own per test file, made and dropped with psql
# (Debian's postgresql-client, which the server package brings), and the server stopped and started again.
Set-StrictMode -Version 3
Import-Module (Join-Path $PSScriptRoot '../../tools/PostgreSqlCluster.psm1')

<# The cluster RASMFA_TEST_POSTGRES names; fails (tests never skip) with how to start one when it is not set. #>
function Get-TestPostgreSqlCluster {
    $path = $env:RASMFA_TEST_POSTGRES
    if (-not $path -or -not (Test-Path $path)) {
        throw ("These tests need the PostgreSQL 15 cluster named by RASMFA_TEST_POSTGRES ($(if ($path) { "$path does not exist" } else { 'not set' })): " +
            "build.ps1 Test starts one for the run; by hand, start one with 'dotnet pwsh ./build.ps1 PostgreSql' and set RASMFA_TEST_POSTGRES to the path it prints.")
    }
    Read-PostgreSqlClusterDescriptor -Path $path
}

<#
    A new empty database, rasmfa_t_ and a random part, in the run's cluster: its Name and ConnectionString (the superuser's).
    Remove-TestPostgreSqlDatabase drops it.
#>
function New-TestPostgreSqlDatabase {
    $cluster = Get-TestPostgreSqlCluster
    $name = 'rasmfa_t_' + [guid]::NewGuid().ToString('N').Substring(0, 16)
    Invoke-TestPsql -Cluster $cluster -Sql "CREATE DATABASE $name" | Out-Null
    [pscustomobject]@{ Name = $name; ConnectionString = "$($cluster.ConnectionString);Database=$name"; Cluster = $cluster }
}

<# Drops a database New-TestPostgreSqlDatabase made, ending the sessions still on it. Never throws: it runs in AfterAll. #>
function Remove-TestPostgreSqlDatabase {
    param($Database)
    if (-not $Database) { return }
    try { Invoke-TestPsql -Cluster $Database.Cluster -Sql "DROP DATABASE IF EXISTS $($Database.Name) WITH (FORCE)" | Out-Null }
    catch { Write-Warning "Dropping $($Database.Name) failed: $_" }
}

<# Runs SQL with psql as the cluster's superuser (in the postgres database unless -Database) and returns its unaligned rows. #>
function Invoke-TestPsql {
    param([Parameter(Mandatory)] [string] $Sql, $Cluster = (Get-TestPostgreSqlCluster), [string] $Database = 'postgres')
    $previous = $env:PGPASSWORD
    $env:PGPASSWORD = $Cluster.Password
    try {
        $output = & psql -X -q -t -A -v ON_ERROR_STOP=1 -h 127.0.0.1 -p $Cluster.Port -U postgres -d $Database -c $Sql 2>&1
        if ($LASTEXITCODE -ne 0) { throw "psql failed ($LASTEXITCODE) on '$Sql': $($output -join "`n")" }
        $output
    }
    finally { $env:PGPASSWORD = $previous }
}

<# Stops the run's PostgreSQL server (the store becomes unreachable); Resume-TestPostgreSql starts it again. Call Resume in a finally. #>
function Suspend-TestPostgreSql { Suspend-PostgreSqlCluster (Get-TestPostgreSqlCluster) }

<# Starts the run's PostgreSQL server again on the same port; returns once it accepts connections. #>
function Resume-TestPostgreSql { Resume-PostgreSqlCluster (Get-TestPostgreSqlCluster) }

Export-ModuleMember -Function Get-TestPostgreSqlCluster, New-TestPostgreSqlDatabase, Remove-TestPostgreSqlDatabase, Invoke-TestPsql,
    Suspend-TestPostgreSql, Resume-TestPostgreSql
