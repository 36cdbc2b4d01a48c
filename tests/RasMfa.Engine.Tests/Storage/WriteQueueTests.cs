using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Security.Platform;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Storage.Sqlite;
using Xunit;

namespace RasMfa.Engine.Tests.Storage
{
    /// <summary>The login path's group commit: one login's failure is its own, and no write waits past its bound.</summary>
    public sealed class WriteQueueTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-queue-" + Guid.NewGuid().ToString("N"));
        private readonly StoreDatabase _database;
        private readonly SqliteWriteQueue _queue;
        private static readonly TimeSpan Ample = TimeSpan.FromSeconds(30);

        public WriteQueueTests()
        {
            _database = SqliteDialect.OpenDatabase(Path.Combine(_folder, "rasmfa.db"), new RasMfa.Engine.Tests.Administration.TemporaryStore.CountingProtector(),
                StorePlatforms.ForThisMachine(), null);
            _queue = new SqliteWriteQueue(_database);
        }

        private static int Note(StoreSession session, string name) =>
            session.Command("INSERT INTO setting (name, value) VALUES (@name, 'x')", ("@name", name)).ExecuteNonQuery();

        private string Notes() => string.Join(",", _database.Query("SELECT name FROM setting WHERE name LIKE 'note-%' ORDER BY name", reader => reader.GetString(0)));

        [Fact]
        public async Task A_login_write_that_fails_is_undone_alone_and_the_others_in_its_batch_commit()
        {
            // The writer is held inside a first batch, so that the next three writes are taken together as one batch.
            using var entered = new ManualResetEventSlim();
            using var holding = new ManualResetEventSlim();
            var blocker = _queue.Enqueue(session => { entered.Set(); holding.Wait(); return 0; }, Ample);
            Assert.True(entered.Wait(Ample));
            var before = _queue.Enqueue(session => Note(session, "note-before"), Ample);
            var failing = _queue.Enqueue<int>(session =>
            {
                Note(session, "note-of-the-failing-write");
                throw new InvalidOperationException("a fault in one login's work");
            }, Ample);
            var after = _queue.Enqueue(session => Note(session, "note-after"), Ample);
            holding.Set();

            await blocker;
            Assert.Equal(1, await before);
            Assert.Equal("a fault in one login's work", (await Assert.ThrowsAsync<InvalidOperationException>(() => failing)).Message);
            Assert.Equal(1, await after);
            Assert.Equal("note-after,note-before", Notes()); // the failing write's own insert was undone with it
            Assert.Equal(2, _queue.Commits); // the blocker's batch, then one batch of the three
        }

        [Fact]
        public async Task A_write_whose_time_ran_out_while_it_waited_fails_as_timed_out_without_touching_the_store()
        {
            using var entered = new ManualResetEventSlim();
            using var holding = new ManualResetEventSlim();
            var blocker = _queue.Enqueue(session => { entered.Set(); holding.Wait(); return 0; }, Ample);
            Assert.True(entered.Wait(Ample));
            var late = _queue.Enqueue(session => Note(session, "note-late"), TimeSpan.Zero);
            holding.Set();

            await blocker;
            var error = await Assert.ThrowsAsync<StoreException>(() => late);
            Assert.Equal(SqliteWriteQueue.TimedOutErrorId, error.ErrorId);
            Assert.Equal(StoreErrorKind.Unavailable, error.Kind);
            Assert.Equal("", Notes());
        }

        public void Dispose()
        {
            _queue.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }
    }
}
