using System;
using System.Collections.Generic;
using System.Data.Common;
using System.IO;
using Microsoft.Data.Sqlite;
using Npgsql;
using RasMfa.Engine.Security;
using RasMfa.Engine.Security.Platform;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Storage.PostgreSql;
using Xunit;

namespace RasMfa.Engine.Tests.Storage
{
    /// <summary>The databases a store's behaviour is tested on: a theory over these runs once per database.</summary>
    public sealed class BothStores : TheoryData<StoreKind>
    {
        public BothStores()
        {
            Add(StoreKind.Sqlite);
            Add(StoreKind.PostgreSql);
        }
    }

    /// <summary>
    /// A fresh store for one test, on SQLite (a file in a folder of its own) or PostgreSQL (a database of its own in the
    /// test cluster, and a folder for this "server"'s store keys); everything removed on Dispose.
    /// </summary>
    public sealed class TestStore : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-store-test-" + Guid.NewGuid().ToString("N"));
        private readonly PostgreSqlTestDatabase? _database;
        private readonly ISecretProtector? _protector;
        private readonly List<SqlStore> _opened = new List<SqlStore>();

        private TestStore(StoreKind kind, ISecretProtector? protector)
        {
            Kind = kind;
            _protector = protector;
            if (kind == StoreKind.PostgreSql) _database = new PostgreSqlTestServer().CreateDatabase();
            Store = OpenAnother();
        }

        public static TestStore Open(StoreKind kind, ISecretProtector? protector = null) => new TestStore(kind, protector);

        public StoreKind Kind { get; }

        public SqlStore Store { get; }

        /// <summary>For PostgreSQL, the superuser's connection string to the test's database.</summary>
        public string ConnectionString => _database?.ConnectionString ?? throw new InvalidOperationException("A SQLite store has no connection string.");

        /// <summary>The folder this test's server keeps PostgreSQL store keys in.</summary>
        public string KeyFolder => Path.Combine(_folder, "keys");

        /// <summary>The key folder of another server, on another machine (removed with the store).</summary>
        public string KeyFolderOf(string server) => Path.Combine(_folder, server, "keys");

        /// <summary>
        /// Another store on the same database: another process on the SQLite file, another server (joined, with the same key)
        /// on PostgreSQL; with <paramref name="keyFolder"/>, a server that keeps its keys there (on another machine).
        /// </summary>
        public SqlStore OpenAnother(string? keyFolder = null)
        {
            SqlStore store = Kind == StoreKind.Sqlite
                ? new SqliteStore(Path.Combine(_folder, "rasmfa.db"), _protector)
                : new PostgreSqlStore(_database!.ConnectionString, keyFolder ?? KeyFolder, StorePlatforms.ForThisMachine(), _protector);
            lock (_opened) _opened.Add(store);
            return store;
        }

        /// <summary>
        /// One statement on the database directly, as an admin's SQL session (or another RasMfa version) would run it;
        /// parameters named @name on either database. Returns the rows it changed.
        /// </summary>
        public int Execute(string sql, params (string Name, object Value)[] parameters)
        {
            using DbConnection connection = Kind == StoreKind.Sqlite
                ? new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "rasmfa.db"), Pooling = false }.ToString())
                : new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }
            return command.ExecuteNonQuery();
        }

        public void Dispose()
        {
            foreach (var store in _opened) store.Dispose();
            if (Kind == StoreKind.Sqlite) SqliteConnection.ClearAllPools();
            _database?.Dispose();
            try { Directory.Delete(_folder, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
