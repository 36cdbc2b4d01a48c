using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace RasMfa.Engine.Storage.Sqlite
{
    /// <summary>
    /// Group commit for the login path: one writer thread runs the writes of many concurrent logins (replay guard,
    /// counters, audit records) in one transaction, and completes each caller only after that transaction is durable.
    /// Under load this turns one fsync per write into one per batch; alone, a write waits for nobody.
    /// The writer sleeps on a monitor while nothing is queued and is woken once, by the first write queued while it sleeps:
    /// no spinning, no wake per write. A batch's audit records go in after its logins' writes (<see cref="AuditBatch"/>); the
    /// statements every login runs (its savepoint, the audit insert, and the login's own: <see cref="SqliteStatementSet"/>) are
    /// prepared once per connection and run through SQLite's own API (<see cref="SqliteStatement"/>). The writer's commits
    /// never checkpoint: the WAL is copied into the database by <see cref="SqliteCheckpointer"/>, beside the writer, so that
    /// no login waits for a checkpoint.
    /// </summary>
    internal sealed class SqliteWriteQueue : ILoginWriteQueue
    {
        public const string TimedOutErrorId = StoreWriteTimedOut.ErrorId;

        /// <summary>The most writes one transaction takes; more queued wait for the next.</summary>
        public const int MaxBatch = 256;
        private readonly SqliteDialect _dialect;
        private readonly object _gate = new object();
        private readonly Queue<IWrite> _pending = new Queue<IWrite>();
        private readonly Thread _writer;
        private readonly SqliteCheckpointer _checkpointer;
        private bool _writerAsleep;
        private bool _closed;
        private long _commits;

        public SqliteWriteQueue(StoreDatabase database) : this(database, null, 0)
        {
        }

        /// <summary>For tests: the checkpointer's interval and restart threshold (null, 0: its defaults).</summary>
        /// <param name="checkpointerConnection">For tests: how the checkpointer opens its connection (null: as the writer does).</param>
        internal SqliteWriteQueue(StoreDatabase database, TimeSpan? checkpointInterval, int restartFrames, Func<SqliteConnection>? checkpointerConnection = null)
        {
            _dialect = (SqliteDialect)database.Dialect;
            _checkpointer = new SqliteCheckpointer(checkpointerConnection ?? _dialect.OpenOwn, checkpointInterval, restartFrames, database.Logger);
            _writer = new Thread(Run) { IsBackground = true, Name = "RasMfa store writer" };
            _writer.Start();
        }

        /// <summary>Transactions committed so far (each one fsync): what a login's writes cost, for tests and measurements.</summary>
        public long Commits => Interlocked.Read(ref _commits);

        /// <summary>Checkpoints run beside the writer so far: for tests.</summary>
        internal SqliteCheckpointer Checkpointer => _checkpointer;

        /// <summary>
        /// Queues <paramref name="work"/> to run in the next batch. It must be done within <paramref name="timeout"/>: a
        /// write still waiting then (another process holding the store's write lock) fails with StoreWriteTimedOut, and
        /// no batch waits for the lock longer than its earliest write may. <paramref name="order"/> is not needed here: the
        /// batch takes SQLite's one write lock, the whole store's, at its start.
        /// </summary>
        public Task<T> Enqueue<T>(Func<StoreSession, T> work, TimeSpan timeout, WriteOrder order = default)
        {
            var write = new Write<T>(work, Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency));
            lock (_gate)
            {
                if (_closed) throw new InvalidOperationException("The store's login writer has stopped.");
                _pending.Enqueue(write);
                if (_writerAsleep)
                {
                    // Only the first write queued while the writer sleeps wakes it; the others are taken with it.
                    _writerAsleep = false;
                    Monitor.Pulse(_gate);
                }
            }
            return write.Completion.Task;
        }

        private bool Idle
        {
            get { lock (_gate) return _pending.Count == 0; }
        }

        // Waits (without spinning) until a write is queued, then takes up to MaxBatch; false once closed and drained.
        private bool TakeBatch(List<IWrite> batch)
        {
            lock (_gate)
            {
                while (_pending.Count == 0)
                {
                    if (_closed) return false;
                    _writerAsleep = true;
                    Monitor.Wait(_gate);
                }
                _writerAsleep = false;
                while (batch.Count < MaxBatch && _pending.Count > 0) batch.Add(_pending.Dequeue());
                return true;
            }
        }

        private void Run()
        {
            var batch = new List<IWrite>(MaxBatch);
            var audits = new AuditBatch(MaxBatch);
            StoreSession? session = null;
            LoginStatements? statements = null;
            while (true)
            {
                batch.Clear();
                audits.Clear();
                if (!TakeBatch(batch)) break;
                if (!DropExpired(batch)) continue;
                try
                {
                    session ??= new StoreSession(OpenWriterConnection(), ownsConnection: true);
                    statements ??= new LoginStatements((SqliteConnection)session.Connection);
                    session.Runner = statements.ByText;
                    // SQLite retries a busy lock for the connection's timeout, in whole seconds (0 would wait for ever).
                    int bound = Math.Max(1, (int)Math.Ceiling(SecondsLeft(batch)));
                    SqliteDialect.SetBusyTimeout(session.Connection, bound);
                    session.CommandTimeout = bound;
                    using var transaction = session.Connection.BeginTransaction();
                    session.Transaction = transaction;
                    session.AuditBatch = audits;
                    foreach (var write in batch) write.Execute(session, statements, _dialect, audits);
                    audits.Insert(statements.AuditInsert, _dialect);
                    transaction.Commit();
                    Interlocked.Increment(ref _commits);
                    _checkpointer.Written();
                }
                catch (Exception e)
                {
                    // Nothing of the batch is durable: every caller hears so, and the next batch gets a fresh connection.
                    var error = _dialect.IsBusy(e) ? TimedOut(e) : e;
                    foreach (var write in batch) write.Fail(error);
                    statements?.Dispose();
                    statements = null;
                    session?.Dispose();
                    session = null;
                    continue;
                }
                finally
                {
                    if (session != null) session.AuditBatch = null;
                }
                // Each caller continues on the thread pool (RunContinuationsAsynchronously): the writer goes on to the next batch.
                // Running the answers here instead was measured slower (bench/RESULTS.md, issue 16), and would stall every
                // store write behind whatever an answer's path does.
                foreach (var write in batch) write.Publish();
                if (_checkpointer.TakeCatchUp(writerIdle: Idle)) _checkpointer.CatchUp((SqliteConnection)session.Connection);
                FollowCheckpointer((SqliteConnection)session.Connection);
            }
            statements?.Dispose();
            session?.Dispose();
        }

        // While the checkpointer keeps failing, the writer's commits checkpoint as SQLite's do by default: the WAL stays
        // bounded (at the cost in latency the checkpointer exists to save) instead of filling the disk.
        private void FollowCheckpointer(SqliteConnection connection)
        {
            bool failing = _checkpointer.Failing;
            if (failing == _checkpointsInCommits) return;
            if (raw.sqlite3_wal_autocheckpoint(connection.Handle, failing ? SqliteDefaultCheckpointPages : 0) == raw.SQLITE_OK) _checkpointsInCommits = failing;
        }

        private const int SqliteDefaultCheckpointPages = 1000;
        private bool _checkpointsInCommits;

        /// <summary>
        /// The writer's page cache, in KiB (SQLite's default: 2,000). Each login changes rows on random pages (its token, its
        /// request's decision, the audit log's user index); with the default cache about one of them a login was read back from
        /// the file first (a pread per login on the writer, 20,000 users), with this one about one in eight (bench/RESULTS.md,
        /// issue 16). Grows only as pages are read, up to this.
        /// </summary>
        public const int WriterCacheKib = 16384;

        // The writer's own connection, with SQLite's automatic checkpoint off: a commit that crossed its threshold would copy
        // the WAL into the database, with two fsyncs, while every queued login waited (the checkpointer does it beside).
        private SqliteConnection OpenWriterConnection()
        {
            var connection = _dialect.OpenOwn();
            int rc = raw.sqlite3_wal_autocheckpoint(connection.Handle, 0);
            if (rc == raw.SQLITE_OK) rc = raw.sqlite3_exec(connection.Handle, $"PRAGMA cache_size = -{WriterCacheKib}");
            _checkpointsInCommits = false;
            if (rc != raw.SQLITE_OK)
            {
                connection.Dispose();
                SqliteException.ThrowExceptionForRC(rc, null);
            }
            return connection;
        }

        // Writes whose time ran out while earlier batches waited fail now, without touching the store; false when none is left.
        private static bool DropExpired(List<IWrite> batch)
        {
            long now = Stopwatch.GetTimestamp();
            int kept = 0;
            for (int i = 0; i < batch.Count; i++)
            {
                var write = batch[i];
                if (write.Deadline > now) batch[kept++] = write;
                else write.Fail(TimedOut(null));
            }
            batch.RemoveRange(kept, batch.Count - kept);
            return batch.Count > 0;
        }

        private static double SecondsLeft(List<IWrite> batch)
        {
            long earliest = long.MaxValue;
            foreach (var write in batch) earliest = Math.Min(earliest, write.Deadline);
            return (earliest - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency;
        }

        private static StoreException TimedOut(Exception? inner) =>
            StoreWriteTimedOut.Error("The store's write lock was not free in time (another process holds it)", inner);

        /// <summary>Writes already queued still run; new ones are refused. Called on the writer itself (from a write's work), it does not wait for it.</summary>
        public void Dispose()
        {
            lock (_gate)
            {
                _closed = true;
                if (_writerAsleep)
                {
                    _writerAsleep = false;
                    Monitor.Pulse(_gate);
                }
            }
            if (Thread.CurrentThread != _writer) _writer.Join(TimeSpan.FromSeconds(10));
            _checkpointer.Dispose();
        }

        // The statements of every login's write, prepared on the writer's connection; disposed before it closes.
        private sealed class LoginStatements : IDisposable
        {
            public LoginStatements(SqliteConnection connection)
            {
                // Each prepared on the pooled connection: one that fails (a damaged schema) must not leave those before it
                // prepared there until the finalizer runs, on its own thread, perhaps while another write uses the connection.
                var made = new List<SqliteStatement>(4);
                try
                {
                    Savepoint = Made(made, new SqliteStatement(connection, "SAVEPOINT login_write"));
                    Release = Made(made, new SqliteStatement(connection, "RELEASE login_write"));
                    RollBack = Made(made, new SqliteStatement(connection, "ROLLBACK TO login_write"));
                    AuditInsert = Made(made, new SqliteStatement(connection, AuditBatch.InsertSql));
                    ByText = new SqliteStatementSet(connection);
                }
                catch
                {
                    foreach (var statement in made) statement.Dispose();
                    throw;
                }
            }

            private static SqliteStatement Made(List<SqliteStatement> made, SqliteStatement statement)
            {
                made.Add(statement);
                return statement;
            }

            public SqliteStatement Savepoint { get; }
            public SqliteStatement Release { get; }
            public SqliteStatement RollBack { get; }
            public SqliteStatement AuditInsert { get; }

            /// <summary>The logins' own statements (SqlLoginStore's), each prepared when it first runs.</summary>
            public SqliteStatementSet ByText { get; }

            public void Dispose()
            {
                ByText.Dispose();
                Savepoint.Dispose();
                Release.Dispose();
                RollBack.Dispose();
                AuditInsert.Dispose();
            }
        }

        private interface IWrite
        {
            /// <summary>Stopwatch timestamp after which the caller no longer waits.</summary>
            long Deadline { get; }

            void Execute(StoreSession session, LoginStatements statements, SqliteDialect dialect, AuditBatch audits);

            void Publish();

            void Fail(Exception error);
        }

        private sealed class Write<T> : IWrite
        {
            private readonly Func<StoreSession, T> _work;
            private T _result = default!;
            private Exception? _error;

            public Write(Func<StoreSession, T> work, long deadline)
            {
                _work = work;
                Deadline = deadline;
            }

            public long Deadline { get; }

            public TaskCompletionSource<T> Completion { get; } = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);

            // Each write in a savepoint of its own: one that fails (a constraint, a bug in its work) is undone alone, audit
            // records it gave the batch with it, and fails its own caller; the other logins of the batch commit. A failure to
            // roll back fails the whole batch.
            public void Execute(StoreSession session, LoginStatements statements, SqliteDialect dialect, AuditBatch audits)
            {
                int auditsBefore = audits.Count;
                statements.Savepoint.Run();
                try
                {
                    _result = _work(session);
                    statements.Release.Run();
                }
                catch (Exception e) when (!dialect.IsBusy(e))
                {
                    _error = e;
                    audits.Truncate(auditsBefore);
                    statements.RollBack.Run();
                    statements.Release.Run();
                }
            }

            public void Publish()
            {
                if (_error != null) Completion.TrySetException(_error);
                else Completion.TrySetResult(_result);
            }

            public void Fail(Exception error) => Completion.TrySetException(error);
        }
    }
}
