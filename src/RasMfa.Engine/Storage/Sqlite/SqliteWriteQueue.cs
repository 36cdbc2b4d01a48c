using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace RasMfa.Engine.Storage.Sqlite
{
    /// <summary>
    /// Group commit for the login path: one writer thread runs the writes of many concurrent logins (replay guard,
    /// counters, audit records) in one transaction, and completes each caller only after that transaction is durable.
    /// Under load this turns one fsync per write into one per batch; alone, a write waits for nobody.
    /// </summary>
    internal sealed class SqliteWriteQueue : ILoginWriteQueue
    {
        public const string TimedOutErrorId = StoreWriteTimedOut.ErrorId;
        private const int MaxBatch = 256;
        private readonly StoreDatabase _database;
        private readonly SqliteDialect _dialect;
        private readonly BlockingCollection<IWrite> _pending = new BlockingCollection<IWrite>();
        private readonly Thread _writer;
        private long _commits;

        public SqliteWriteQueue(StoreDatabase database)
        {
            _database = database;
            _dialect = (SqliteDialect)database.Dialect;
            _writer = new Thread(Run) { IsBackground = true, Name = "RasMfa store writer" };
            _writer.Start();
        }

        /// <summary>Transactions committed so far (each one fsync): what a login's writes cost, for tests and measurements.</summary>
        public long Commits => Interlocked.Read(ref _commits);

        /// <summary>
        /// Queues <paramref name="work"/> to run in the next batch. It must be done within <paramref name="timeout"/>: a
        /// write still waiting then (another process holding the store's write lock) fails with StoreWriteTimedOut, and
        /// no batch waits for the lock longer than its earliest write may. <paramref name="order"/> is not needed here: the
        /// batch takes SQLite's one write lock, the whole store's, at its start.
        /// </summary>
        public Task<T> Enqueue<T>(Func<StoreSession, T> work, TimeSpan timeout, WriteOrder order = default)
        {
            var write = new Write<T>(work, Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency));
            _pending.Add(write);
            return write.Completion.Task;
        }

        private void Run()
        {
            var batch = new List<IWrite>(MaxBatch);
            StoreSession? session = null;
            foreach (var first in _pending.GetConsumingEnumerable())
            {
                batch.Clear();
                batch.Add(first);
                while (batch.Count < MaxBatch && _pending.TryTake(out var next)) batch.Add(next);
                if (!DropExpired(batch)) continue;
                try
                {
                    session ??= new StoreSession(_database.Open(), ownsConnection: true);
                    // SQLite retries a busy lock for the connection's timeout, in whole seconds (0 would wait for ever).
                    int bound = Math.Max(1, (int)Math.Ceiling(SecondsLeft(batch)));
                    SqliteDialect.SetBusyTimeout(session.Connection, bound);
                    session.CommandTimeout = bound;
                    using var transaction = session.Connection.BeginTransaction();
                    session.Transaction = transaction;
                    foreach (var write in batch) write.Execute(session, _dialect);
                    transaction.Commit();
                    Interlocked.Increment(ref _commits);
                    foreach (var write in batch) write.Publish();
                }
                catch (Exception e)
                {
                    // Nothing of the batch is durable: every caller hears so, and the next batch gets a fresh connection.
                    var error = _dialect.IsBusy(e) ? TimedOut(e) : e;
                    foreach (var write in batch) write.Fail(error);
                    session?.Dispose();
                    session = null;
                }
            }
            session?.Dispose();
        }

        // Writes whose time ran out while earlier batches waited fail now, without touching the store; false when none is left.
        private static bool DropExpired(List<IWrite> batch)
        {
            long now = Stopwatch.GetTimestamp();
            batch.RemoveAll(write =>
            {
                if (write.Deadline > now) return false;
                write.Fail(TimedOut(null));
                return true;
            });
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

        public void Dispose()
        {
            _pending.CompleteAdding();
            _writer.Join(TimeSpan.FromSeconds(10));
        }

        private interface IWrite
        {
            /// <summary>Stopwatch timestamp after which the caller no longer waits.</summary>
            long Deadline { get; }

            void Execute(StoreSession session, SqliteDialect dialect);

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

            // Each write in a savepoint of its own: one that fails (a constraint, a bug in its work) is undone alone and
            // fails its own caller; the other logins of the batch commit. A failure to roll back fails the whole batch.
            public void Execute(StoreSession session, SqliteDialect dialect)
            {
                session.Command("SAVEPOINT login_write").ExecuteNonQuery();
                try
                {
                    _result = _work(session);
                    session.Command("RELEASE login_write").ExecuteNonQuery();
                }
                catch (Exception e) when (!dialect.IsBusy(e))
                {
                    _error = e;
                    session.Command("ROLLBACK TO login_write").ExecuteNonQuery();
                    session.Command("RELEASE login_write").ExecuteNonQuery();
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
