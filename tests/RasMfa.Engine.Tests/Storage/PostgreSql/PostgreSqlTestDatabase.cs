using System;
using Npgsql;

namespace RasMfa.Engine.Tests.Storage.PostgreSql
{
    /// <summary>A database of its own for one test, in the run's PostgreSQL cluster; dropped on Dispose.</summary>
    public sealed class PostgreSqlTestDatabase : IDisposable
    {
        private readonly PostgreSqlTestServer _server;

        internal PostgreSqlTestDatabase(PostgreSqlTestServer server, string name, string connectionString)
        {
            _server = server;
            Name = name;
            ConnectionString = connectionString;
        }

        public string Name { get; }

        /// <summary>The superuser's connection string to this database.</summary>
        public string ConnectionString { get; }

        public void Dispose()
        {
            // The test's pooled connections would keep the database in use; FORCE ends any a store still holds.
            using (var connection = new NpgsqlConnection(ConnectionString)) NpgsqlConnection.ClearPool(connection);
            _server.ExecuteAsSuperuser($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
        }
    }
}
