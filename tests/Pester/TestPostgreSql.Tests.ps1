# The PostgreSQL helpers the cluster tests stand on (TestPostgreSql.psm1): a database of its own per test, and a server
# that is really unreachable while suspended and serves again once resumed.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:first = New-TestPostgreSqlDatabase
    $script:second = New-TestPostgreSqlDatabase
}

AfterAll {
    Remove-TestPostgreSqlDatabase $first
    Remove-TestPostgreSqlDatabase $second
}

Describe 'The test PostgreSQL cluster' {
    It 'gives each caller a database of its own, and drops it' {
        $first.Name | Should -Not -Be $second.Name
        Invoke-TestPsql -Database $first.Name -Sql "CREATE TABLE marker (value text); INSERT INTO marker VALUES ('first'); SELECT value FROM marker" |
            Should -Be 'first'
        Invoke-TestPsql -Database $second.Name -Sql "SELECT count(*) FROM pg_tables WHERE tablename = 'marker'" | Should -Be '0'
        $third = New-TestPostgreSqlDatabase
        Remove-TestPostgreSqlDatabase $third
        Invoke-TestPsql -Sql "SELECT count(*) FROM pg_database WHERE datname = '$($third.Name)'" | Should -Be '0'
    }

    It 'refuses connections while suspended and serves again once resumed' {
        Suspend-TestPostgreSql
        try { { Invoke-TestPsql -Database $first.Name -Sql 'SELECT 1' } | Should -Throw '*Connection refused*' }
        finally { Resume-TestPostgreSql }
        Invoke-TestPsql -Database $first.Name -Sql 'SELECT 1' | Should -Be '1'
    }
}
