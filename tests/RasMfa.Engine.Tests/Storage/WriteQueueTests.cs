using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Security.Platform;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Storage.PostgreSql;
using RasMfa.Engine.Storage.Sqlite;
using RasMfa.Engine.Tests.Storage.PostgreSql;
using Xunit;

namespace RasMfa.Engine.Tests.Storage
{
    /// <summary>
    /// The login path's write queue (group commit: SQLite on one writer, PostgreSQL on a few, each batch in user order): one
    /// login's failure is its own, logins queued together commit together, and no write waits past its bound.
    /// </summary>
    public sealed class WriteQueueTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-queue-" + Guid.NewGuid().ToString("N"));
        private StoreDatabase _database = null!;
        private ILoginWriteQueue _queue = null!;
        private PostgreSqlTestDatabase? _postgres;
        private static readonly TimeSpan Ample = TimeSpan.FromSeconds(30);

        private void Open(StoreKind kind)
        {
            var protector = new RasMfa.Engine.Tests.Administration.TemporaryStore.CountingProtector();
            if (kind == StoreKind.Sqlite)
            {
                _database = SqliteDialect.OpenDatabase(Path.Combine(_folder, "rasmfa.db"), protector, StorePlatforms.ForThisMachine(), null);
            }
            else
            {
                _postgres = new PostgreSqlTestServer().CreateDatabase();
                _database = new StoreDatabase(new PostgreSqlDialect(_postgres.ConnectionString), protector, _ => throw new InvalidOperationException("the protector is given"));
            }
            _queue = _database.Dialect.CreateLoginWriteQueue(_database);
        }

        private static int Note(StoreSession session, string name) =>
            session.Command("INSERT INTO setting (name, value) VALUES (@name, 'x')", ("@name", name)).ExecuteNonQuery();

        private string Notes() => string.Join(",", _database.Query("SELECT name FROM setting WHERE name LIKE 'note-%' ORDER BY name", reader => reader.GetString(0)));

        // Every writer of the queue busy, each inside a write of its own, so that what is queued next is taken as one batch.
        private System.Collections.Generic.List<(Task<int> Write, ManualResetEventSlim Release)> HoldEveryWriter()
        {
            int writers = _queue is PostgreSqlWriteQueue ? PostgreSqlWriteQueue.MaxWriters : 1;
            var held = new System.Collections.Generic.List<(Task<int>, ManualResetEventSlim)>();
            for (int i = 0; i < writers; i++)
            {
                using var entered = new ManualResetEventSlim();
                var release = new ManualResetEventSlim();
                var write = _queue.Enqueue(session => { entered.Set(); release.Wait(); return 0; }, Ample);
                Assert.True(entered.Wait(Ample));
                held.Add((write, release));
            }
            return held;
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task A_login_write_that_fails_is_undone_alone_and_the_others_in_its_batch_commit(StoreKind kind)
        {
            Open(kind);
            var held = HoldEveryWriter();
            var before = _queue.Enqueue(session => Note(session, "note-before"), Ample);
            var failing = _queue.Enqueue<int>(session =>
            {
                Note(session, "note-of-the-failing-write");
                throw new InvalidOperationException("a fault in one login's work");
            }, Ample);
            var after = _queue.Enqueue(session => Note(session, "note-after"), Ample);
            // One writer is let go: it commits its held write, then takes the three queued as one batch.
            held[0].Release.Set();

            Assert.Equal(1, await before);
            Assert.Equal("a fault in one login's work", (await Assert.ThrowsAsync<InvalidOperationException>(() => failing)).Message);
            Assert.Equal(1, await after);
            Assert.Equal("note-after,note-before", Notes()); // the failing write's own insert was undone with it
            // The first held write's commit, then one commit for the batch of three (the failing one left out).
            Assert.Equal(2, _queue.Commits);
            foreach (var (write, release) in held)
            {
                release.Set();
                await write;
                release.Dispose();
            }
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task Logins_queued_while_the_writers_were_busy_commit_together_in_one_transaction(StoreKind kind)
        {
            Open(kind);
            var held = HoldEveryWriter();
            var queued = Enumerable.Range(0, 10).Select(i => _queue.Enqueue(session => Note(session, "note-" + i), Ample)).ToList();
            held[0].Release.Set();
            await Task.WhenAll(queued);
            Assert.Equal(2, _queue.Commits); // the held write's, then the ten's
            Assert.Equal(10, Notes().Split(',').Length);
            foreach (var (write, release) in held)
            {
                release.Set();
                await write;
                release.Dispose();
            }
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task A_write_whose_time_ran_out_while_it_waited_fails_as_timed_out_without_touching_the_store(StoreKind kind)
        {
            Open(kind);
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
            _queue?.Dispose();
            (_database?.Dialect as IDisposable)?.Dispose();
            _postgres?.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }
    }
}
