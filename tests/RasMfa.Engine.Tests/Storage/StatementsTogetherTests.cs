using System;
using System.IO;
using System.Linq;
using RasMfa.Engine.Security.Platform;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Storage.PostgreSql;
using RasMfa.Engine.Storage.Sqlite;
using RasMfa.Engine.Tests.Storage.PostgreSql;
using Xunit;

namespace RasMfa.Engine.Tests.Storage
{
    /// <summary>
    /// A write's last statements sent as one command (PostgreSQL) or one by one (SQLite): each keeps its own values, even
    /// where two name a parameter alike (a challenge's @expires and its answer's), and they run in the order added.
    /// </summary>
    public sealed class StatementsTogetherTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-together-" + Guid.NewGuid().ToString("N"));
        private StoreDatabase _database = null!;
        private PostgreSqlTestDatabase? _postgres;

        private void Open(StoreKind kind)
        {
            var protector = new RasMfa.Engine.Tests.Administration.TemporaryStore.CountingProtector();
            if (kind == StoreKind.Sqlite)
            {
                _database = SqliteDialect.OpenDatabase(Path.Combine(_folder, "rasmfa.db"), protector, StorePlatforms.ForThisMachine(), null);
                return;
            }
            _postgres = new PostgreSqlTestServer().CreateDatabase();
            _database = new StoreDatabase(new PostgreSqlDialect(_postgres.ConnectionString), protector, _ => throw new InvalidOperationException("the protector is given"));
        }

        [Theory, ClassData(typeof(BothStores))]
        public void Statements_sent_together_keep_their_own_values_of_a_parameter_named_alike_and_run_in_order(StoreKind kind)
        {
            Open(kind);
            _database.InSession(session =>
            {
                var together = new StatementsTogether(session, _database.Dialect);
                together.Add("INSERT INTO setting (name, value) VALUES (@name, @value)", ("@name", "note-a"), ("@value", "first"));
                together.Add("INSERT INTO setting (name, value) VALUES (@name, @value)", ("@name", "note-b"), ("@value", "second"));
                // Sees the row added before it: the order is kept.
                together.Add("UPDATE setting SET value = value || @value WHERE name = @name", ("@name", "note-a"), ("@value", "+third"));
                together.Execute();
                return 0;
            });
            var rows = _database.Query("SELECT name, value FROM setting WHERE name LIKE 'note-%' ORDER BY name", reader => reader.GetString(0) + "=" + reader.GetString(1));
            Assert.Equal(new[] { "note-a=first+third", "note-b=second" }, rows.ToArray());
        }

        public void Dispose()
        {
            (_database?.Dialect as IDisposable)?.Dispose();
            _postgres?.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }
    }
}
