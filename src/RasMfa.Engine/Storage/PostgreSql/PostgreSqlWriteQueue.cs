using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Data;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace RasMfa.Engine.Storage.PostgreSql
{
    /// <summary>
    /// The login path's writes on PostgreSQL, with group commit: a writer takes the writes already queued (up to
    /// <see cref="MaxBatch"/>) and runs them in one transaction, in <see cref="WriteOrder"/> (by user, then request key),
    /// so that under load a commit (its round trips, its WAL flush) serves many logins, and two servers' batches lock the
    /// logins' rows in the same order and mostly wait for each other; a claim or a give-back can still meet a batch in
    /// another order: PostgreSQL finds that deadlock (deadlock_timeout, 1 s by default) and the write runs again within its
    /// deadline. Alone, a write waits for nobody. A few
    /// writers, each with its connection (a batch waiting for a row lock blocks its thread, never the thread pool the
    /// listener's requests run on), each batch bounded in time by its earliest write's deadline (StoreWriteTimeoutSeconds):
    /// the wait for a writer, then lock_timeout and statement_timeout set for its transaction from what is left.
    ///
    /// Isolation: READ COMMITTED, with the rows a write depends on locked by its reads (the dialect's FOR UPDATE:
    /// Admission locks the user's row and the token's) and every other change a single conditional UPDATE, which
    /// PostgreSQL re-checks against the row as the transaction that held its lock left it. So two servers' writes on one
    /// user take turns, each seeing the other's committed count, lock and used step: the lockout and the single use of a
    /// code hold. SERIALIZABLE would add nothing to that and fail busy users' writes with serialization errors instead of
    /// queuing them. A deadlock (40P01) or serialization failure (40001) undoes the batch, which runs again while its writes'
    /// deadlines allow. A write that fails otherwise (a bug in its work, its time out) fails alone: its batch is undone (a
    /// failed statement spoils a PostgreSQL transaction, and no savepoint per write is paid for the rare case) and runs
    /// again without it. A row lock held elsewhere (another server's long write, an admin's) holds a batch of several for
    /// at most a quarter of its time: the write waiting for it is then set aside, the others run again and commit, and it
    /// runs alone afterwards with the rest of its own time, so that one locked user does not cost the others their logins.
    /// </summary>
    internal sealed class PostgreSqlWriteQueue : ILoginWriteQueue
    {
        /// <summary>
        /// Writes per transaction at most. Each login's audit record takes a subtransaction (its savepoint): past 64 in one
        /// transaction PostgreSQL's per-backend cache of them overflows, and every other session's snapshots slow down.
        /// </summary>
        public const int MaxBatch = 32;

        private const string SetTimeouts = "SELECT set_config('lock_timeout', @lock, true), set_config('statement_timeout', @statement, true)";
        private readonly PostgreSqlDialect _dialect;
        private readonly BlockingCollection<IWrite> _pending = new BlockingCollection<IWrite>();
        private readonly Thread[] _writers;
        private long _commits;

        public PostgreSqlWriteQueue(PostgreSqlDialect dialect)
        {
            _dialect = dialect;
            _writers = new Thread[MaxWriters];
            for (int i = 0; i < _writers.Length; i++)
            {
                _writers[i] = new Thread(Run) { IsBackground = true, Name = "RasMfa PostgreSQL writer " + (i + 1) };
                _writers[i].Start();
            }
        }

        /// <summary>Writers, each with its connection: the rest wait their turn (within their deadline), so a burst of logins does not exhaust the server's connections.</summary>
        public static int MaxWriters { get; } = Math.Max(4, Environment.ProcessorCount * 2);

        public long Commits => Interlocked.Read(ref _commits);

        public Task<T> Enqueue<T>(Func<StoreSession, T> work, TimeSpan timeout, WriteOrder order = default)
        {
            var write = new Write<T>(work, Stopwatch.GetTimestamp() + (long)(Math.Max(0, timeout.TotalSeconds) * Stopwatch.Frequency), order);
            _pending.Add(write);
            return write.Completion.Task;
        }

        private void Run()
        {
            StoreSession? session = null;
            var batch = new List<IWrite>(MaxBatch);
            foreach (var first in _pending.GetConsumingEnumerable())
            {
                batch.Clear();
                batch.Add(first);
                while (batch.Count < MaxBatch && _pending.TryTake(out var next)) batch.Add(next);
                // Stable: writes of one order keep the order they came in.
                var ordered = batch.Select((write, index) => (write, index)).OrderBy(w => w.write.Order).ThenBy(w => w.index).Select(w => w.write).ToList();
                try
                {
                    Execute(ordered, ref session);
                }
                catch (Exception e)
                {
                    foreach (var write in ordered) write.Fail(e);
                }
            }
            session?.Dispose();
        }

        // One batch, run again after a deadlock or serialization failure, or a connection lost before its commit, while its
        // writes' deadlines allow; a write that fails alone leaves the batch, which runs again without it.
        private void Execute(List<IWrite> batch, ref StoreSession? session)
        {
            var aside = new List<IWrite>();
            try
            {
                ExecuteTogether(batch, aside, ref session);
            }
            finally
            {
                foreach (var write in aside)
                {
                    try
                    {
                        ExecuteTogether(new List<IWrite> { write }, new List<IWrite>(), ref session);
                    }
                    catch (Exception e)
                    {
                        write.Fail(e);
                    }
                }
            }
        }

        // The batch in one transaction, as often as it takes; a write set aside (waiting for a lock) goes to aside.
        private void ExecuteTogether(List<IWrite> batch, List<IWrite> aside, ref StoreSession? session)
        {
            Exception? lastConflict = null;
            while (true)
            {
                DropExpired(batch, lastConflict);
                if (batch.Count == 0) return;
                var left = Left(batch.Min(write => write.Deadline));
                session ??= OpenSession(left);
                var progress = new Progress();
                try
                {
                    RunOnce(session, batch, left, batch.Count > 1 ? TimeSpan.FromTicks(left.Ticks / 4) : left, progress);
                    Interlocked.Increment(ref _commits);
                    foreach (var write in batch) write.Publish();
                    return;
                }
                catch (Exception e) when (PostgreSqlErrors.IsConflict(e))
                {
                    lastConflict = e;
                }
                catch (Exception e) when (PostgreSqlErrors.IsConnectionLoss(e))
                {
                    // The pool's idle connections went with this one. A batch lost before its commit was sent changed nothing and
                    // runs again on a new connection (the first write after the server came back); one lost in its commit may
                    // have been made, and is reported as not made: the callers answer it as a write the store could not take.
                    // A server still away refuses the new connection at once: StoreUnreachable.
                    session.Dispose();
                    session = null;
                    _dialect.ClearPool();
                    if (progress.Committing) throw PostgreSqlErrors.Unreachable(_dialect.Location, e);
                    lastConflict = e;
                }
                catch (Exception e) when (progress.Running >= 0 && batch.Count > 1 && PostgreSqlErrors.IsLockNotAvailable(e))
                {
                    aside.Add(batch[progress.Running]);
                    batch.RemoveAt(progress.Running);
                }
                catch (Exception e) when (progress.Running >= 0)
                {
                    // This write's own failure: it fails alone, and the others run again without it.
                    batch[progress.Running].Fail(PostgreSqlErrors.IsTimeout(e) ? LockNotFree(e) : e);
                    batch.RemoveAt(progress.Running);
                }
                catch (Exception e) when (PostgreSqlErrors.IsTimeout(e))
                {
                    throw LockNotFree(e);
                }
                finally
                {
                    if (session != null && session.Connection.State != ConnectionState.Open)
                    {
                        session.Dispose();
                        session = null;
                    }
                }
            }
        }

        private static void RunOnce(StoreSession session, List<IWrite> batch, TimeSpan left, TimeSpan lockWait, Progress progress)
        {
            // The server's bounds, from the earliest deadline; the client's own a second later, for a server that stopped answering.
            session.CommandTimeout = (int)Math.Ceiling(left.TotalSeconds) + 1;
            using var transaction = session.Connection.BeginTransaction(IsolationLevel.ReadCommitted);
            session.Transaction = transaction;
            try
            {
                // Sent with the first write's first statements (BEGIN too: Npgsql sends it with the next command), not on its own.
                session.Preamble = (SetTimeouts, new (string, object?)[] { ("@lock", Milliseconds(lockWait)), ("@statement", Milliseconds(left)) });
                for (progress.Running = 0; progress.Running < batch.Count; progress.Running++) batch[progress.Running].Execute(session);
                progress.Running = -1;
                progress.Committing = true;
                transaction.Commit();
            }
            finally
            {
                session.Transaction = null;
                session.Preamble = null;
            }
        }

        // Writes whose time ran out while they waited (for a writer, or for their batch's conflicts to pass) fail now.
        private static void DropExpired(List<IWrite> batch, Exception? lastConflict)
        {
            long now = Stopwatch.GetTimestamp();
            batch.RemoveAll(write =>
            {
                if (write.Deadline > now) return false;
                write.Fail(StoreWriteTimedOut.Error(lastConflict == null
                    ? "The PostgreSQL store's writers were busy past this login's deadline (other logins held them)"
                    : "The PostgreSQL store did not complete the write in time (it kept conflicting with other writes, or the connection was lost)", lastConflict));
                return true;
            });
        }

        private static StoreException LockNotFree(Exception e) =>
            StoreWriteTimedOut.Error("A row lock of the PostgreSQL store was not free in time (another login or server holds it)", e);

        // A new connection, opened within what is left of the deadline (a writer thread of its own may wait for it).
        private StoreSession OpenSession(TimeSpan left)
        {
            using var bound = new CancellationTokenSource(left);
            try
            {
                return new StoreSession(_dialect.OpenAsync(bound.Token).GetAwaiter().GetResult(), ownsConnection: true);
            }
            catch (OperationCanceledException e)
            {
                throw StoreWriteTimedOut.Error("No connection to the PostgreSQL store could be opened in time", e);
            }
        }

        private static string Milliseconds(TimeSpan bound) => Math.Max(1, (long)bound.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

        private static TimeSpan Left(long deadline) => TimeSpan.FromSeconds(Math.Max(0, deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);

        /// <summary>Finishes the writes queued (each within its deadline), then closes the writers' connections.</summary>
        public void Dispose()
        {
            _pending.CompleteAdding();
            foreach (var writer in _writers) writer.Join(TimeSpan.FromSeconds(10));
        }

        // How far a batch's transaction got: the write running (-1: none, the transaction's own statements), or its commit.
        private sealed class Progress
        {
            public int Running { get; set; } = -1;

            public bool Committing { get; set; }
        }

        private interface IWrite
        {
            long Deadline { get; }

            WriteOrder Order { get; }

            /// <summary>Runs the work, keeping its result for <see cref="Publish"/> (a batch run again replaces it).</summary>
            void Execute(StoreSession session);

            /// <summary>The batch committed: the caller hears the result.</summary>
            void Publish();

            void Fail(Exception error);
        }

        private sealed class Write<T> : IWrite
        {
            private readonly Func<StoreSession, T> _work;
            private T _result = default!;

            public Write(Func<StoreSession, T> work, long deadline, WriteOrder order)
            {
                _work = work;
                Deadline = deadline;
                Order = order;
            }

            public long Deadline { get; }

            public WriteOrder Order { get; }

            public TaskCompletionSource<T> Completion { get; } = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);

            public void Execute(StoreSession session) => _result = _work(session);

            public void Publish() => Completion.TrySetResult(_result);

            public void Fail(Exception error) => Completion.TrySetException(error);
        }
    }
}
