using System;
using System.Diagnostics;
using System.Threading;
using Npgsql;
using Xunit;

namespace RasMfa.Engine.Tests.Storage.PostgreSql
{
    /// <summary>The test cluster itself: databases of their own per test, and a server that can be stopped and started again.</summary>
    [Collection(PostgreSqlSuspensionCollection.Name)]
    public sealed class PostgreSqlTestServerTests
    {
        private readonly PostgreSqlTestServer _server = new PostgreSqlTestServer();

        [Fact]
        public void Each_database_is_its_own_and_is_dropped_on_dispose()
        {
            string firstName;
            using (var first = _server.CreateDatabase())
            using (var second = _server.CreateDatabase())
            {
                firstName = first.Name;
                Assert.NotEqual(first.Name, second.Name);
                Execute(first.ConnectionString, "CREATE TABLE marker (value text); INSERT INTO marker VALUES ('first')");
                Assert.Equal("first", Scalar(first.ConnectionString, "SELECT value FROM marker"));
                Assert.Equal(0L, Scalar(second.ConnectionString, "SELECT count(*) FROM pg_tables WHERE tablename = 'marker'"));
            }
            Assert.Equal(0L, Scalar(_server.ConnectionString, $"SELECT count(*) FROM pg_database WHERE datname = '{firstName}'"));
        }

        [Fact]
        public void A_suspended_server_refuses_connections_and_serves_again_within_5_seconds_of_resuming()
        {
            using var database = _server.CreateDatabase();
            var unpooled = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, Timeout = 3 }.ConnectionString;
            Assert.Equal(1, Scalar(unpooled, "SELECT 1"));
            _server.Suspend();
            try
            {
                Assert.ThrowsAny<Exception>(() => Scalar(unpooled, "SELECT 1"));
            }
            finally
            {
                _server.Resume();
            }
            var sinceResumed = Stopwatch.StartNew();
            object? answer = null;
            while (answer == null && sinceResumed.Elapsed < TimeSpan.FromSeconds(5))
            {
                try { answer = Scalar(unpooled, "SELECT 1"); }
                catch (NpgsqlException) { Thread.Sleep(100); }
            }
            Assert.Equal(1, answer);
        }

        private static void Execute(string connectionString, string sql)
        {
            using var connection = new NpgsqlConnection(connectionString);
            connection.Open();
            using var command = new NpgsqlCommand(sql, connection);
            command.ExecuteNonQuery();
        }

        private static object? Scalar(string connectionString, string sql)
        {
            using var connection = new NpgsqlConnection(connectionString);
            connection.Open();
            using var command = new NpgsqlCommand(sql, connection);
            return command.ExecuteScalar();
        }
    }
}
