using System;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using RasMfa.Engine.Security.Platform;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Storage.Sqlite;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>
    /// Review R11 (issue 16): the login writer answers a login once its batch committed, and its documentation says the
    /// commit is synced in the WAL before the answer goes. In WAL mode that holds only at synchronous FULL (or EXTRA): at
    /// NORMAL a commit is synced only by the next checkpoint, so a power cut after an Accept could lose the code's used step
    /// (the code accepted again) and the failure counts of a guessing run (the lock undone).
    /// </summary>
    public sealed class ReviewR11WriterDurabilityTests : IDisposable
    {
        private static readonly TimeSpan Ample = TimeSpan.FromSeconds(30);
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-r11-durable-" + Guid.NewGuid().ToString("N"));
        private readonly StoreDatabase _database;
        private SqliteWriteQueue? _queue;

        public ReviewR11WriterDurabilityTests()
        {
            var protector = new RasMfa.Engine.Tests.Administration.TemporaryStore.CountingProtector();
            _database = SqliteDialect.OpenDatabase(Path.Combine(_folder, "rasmfa.db"), protector, StorePlatforms.ForThisMachine(), null);
        }

        [Fact]
        public async Task The_login_writers_commit_is_synced_before_its_answer_goes()
        {
            _queue = new SqliteWriteQueue(_database);
            var (mode, synchronous) = await _queue.Enqueue(session =>
            {
                using var command = session.Connection.CreateCommand();
                command.Transaction = session.Transaction;
                command.CommandText = "PRAGMA journal_mode";
                var journal = (string)command.ExecuteScalar()!;
                command.CommandText = "PRAGMA synchronous";
                return (journal, (long)command.ExecuteScalar()!);
            }, Ample);
            Assert.Equal("wal", mode);
            Assert.True(synchronous >= 2, $"PRAGMA synchronous is {synchronous} (1 NORMAL: a WAL commit is not synced until a checkpoint)");
        }

        public void Dispose()
        {
            _queue?.Dispose();
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }
    }
}
