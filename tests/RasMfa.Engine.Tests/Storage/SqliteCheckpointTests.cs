using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using RasMfa.Engine.Security.Platform;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Storage.Sqlite;
using Xunit;

namespace RasMfa.Engine.Tests.Storage
{
    /// <summary>
    /// The SQLite login writer's WAL is checkpointed beside it (issue 16, p99 at half load): the writer's own commits never
    /// copy the WAL into the database, nothing written while checkpoints run is lost, and under writes that never pause the
    /// WAL still starts again from its beginning instead of growing for ever.
    /// </summary>
    public sealed class SqliteCheckpointTests : IDisposable
    {
        private static readonly TimeSpan Ample = TimeSpan.FromSeconds(30);
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-checkpoint-" + Guid.NewGuid().ToString("N"));
        private readonly StoreDatabase _database;
        private SqliteWriteQueue? _queue;

        public SqliteCheckpointTests()
        {
            var protector = new RasMfa.Engine.Tests.Administration.TemporaryStore.CountingProtector();
            _database = SqliteDialect.OpenDatabase(Path.Combine(_folder, "rasmfa.db"), protector, StorePlatforms.ForThisMachine(), null);
        }

        private string WalPath => _database.Location + "-wal";

        // About 16 KiB of rows per write (four 4 KiB pages at least), so that the WAL grows fast.
        private static int Note(StoreSession session, int n) =>
            session.Command("INSERT INTO setting (name, value) VALUES (@name, @value)", ("@name", "note-" + n), ("@value", new string('x', 16_000))).ExecuteNonQuery();

        private long NotesInAFreshConnection()
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _database.Location, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM setting WHERE name LIKE 'note-%'";
            return (long)command.ExecuteScalar()!;
        }

        private static bool Until(Func<bool> done)
        {
            var deadline = DateTime.UtcNow + Ample;
            while (!done()) { if (DateTime.UtcNow > deadline) return false; Thread.Sleep(5); }
            return true;
        }

        // Review R11: in WAL mode a commit is synced before its answer only at synchronous FULL (or EXTRA); at NORMAL it is
        // synced by the next checkpoint, so a power cut after an Accept could lose the code's used step and the failure counts.
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

        [Fact]
        public async Task The_login_writers_commits_never_run_SQLites_automatic_checkpoint()
        {
            _queue = new SqliteWriteQueue(_database);
            long threshold = await _queue.Enqueue(session =>
            {
                using var command = session.Connection.CreateCommand();
                command.Transaction = session.Transaction;
                command.CommandText = "PRAGMA wal_autocheckpoint";
                return (long)command.ExecuteScalar()!;
            }, Ample);
            Assert.Equal(0, threshold);
        }

        [Fact]
        public async Task Writes_that_never_pause_are_all_kept_and_the_WAL_starts_again_instead_of_growing()
        {
            // 64 KiB restart threshold, a checkpoint 5 ms after a commit: what the defaults do over minutes, in seconds.
            _queue = new SqliteWriteQueue(_database, TimeSpan.FromMilliseconds(5), restartFrames: 16);
            const long enough = 24L << 20;
            int acknowledged = 0;
            using var stop = new CancellationTokenSource();
            // Four writers that never wait for a checkpoint: commits land while every checkpoint copies.
            var writers = new Task[4];
            for (int w = 0; w < writers.Length; w++)
            {
                int first = w * 1_000_000;
                writers[w] = Task.Run(async () =>
                {
                    for (int n = first; !stop.IsCancellationRequested; n++)
                    {
                        await _queue.Enqueue(session => Note(session, n), Ample);
                        Interlocked.Increment(ref acknowledged);
                    }
                });
            }
            // Until more than 24 MiB went through the WAL and the writer restarted it a few times (counted, not timed).
            bool done = Until(() => Volatile.Read(ref acknowledged) * 16_000L > enough && _queue.Checkpointer.CatchUps >= 5);
            stop.Cancel();
            await Task.WhenAll(writers);
            Assert.True(done, $"checkpoints {_queue.Checkpointer.Checkpoints}, catch-ups {_queue.Checkpointer.CatchUps}, writes {acknowledged}");
            Assert.Equal(0, _queue.Checkpointer.Failures);
            long walBytes = new FileInfo(WalPath).Length;
            _queue.Dispose();

            // Every acknowledged write is in the database, read by a connection that was not there.
            Assert.Equal(acknowledged, NotesInAFreshConnection());
            // The WAL was used again from its start, not grown by all that went through it.
            Assert.True(walBytes < enough / 3, $"WAL of {walBytes} bytes after {acknowledged * 16_000L} written");
        }

        [Fact]
        public async Task While_the_checkpointer_keeps_failing_the_writer_checkpoints_itself_the_WAL_stays_bounded_and_the_log_says_why()
        {
            var log = new RasMfa.Engine.Hosting.MemoryLog();
            var database = SqliteDialect.OpenDatabase(Path.Combine(_folder, "logged.db"), new RasMfa.Engine.Tests.Administration.TemporaryStore.CountingProtector(),
                StorePlatforms.ForThisMachine(), log.CreateLogger("RasMfa.Store"));
            // Its connection can never be opened (a disk that errs, a file it may not open): nothing but the writer copies the WAL.
            _queue = new SqliteWriteQueue(database, TimeSpan.FromMilliseconds(5), restartFrames: 16,
                checkpointerConnection: () => throw new SqliteException("disk I/O error", 10));
            const long enough = 24L << 20;
            int acknowledged = 0;
            for (int n = 0; n * 16_000L <= enough; n++)
            {
                await _queue.Enqueue(session => Note(session, n), Ample);
                acknowledged++;
            }
            long walBytes = new FileInfo(database.Location + "-wal").Length;

            Assert.True(_queue.Checkpointer.Failing);
            // SQLite's own threshold (1000 pages of 4 KiB) with a commit's worth past it, against 24 MiB written.
            Assert.True(walBytes < 8L << 20, $"WAL of {walBytes} bytes after {acknowledged * 16_000L} written");
            Assert.Contains(log.Since(0), e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning
                && e.Message.StartsWith("The store's WAL checkpoint failed", StringComparison.Ordinal) && e.Message.Contains("disk I/O error"));
        }

        public void Dispose()
        {
            _queue?.Dispose();
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }
    }
}
