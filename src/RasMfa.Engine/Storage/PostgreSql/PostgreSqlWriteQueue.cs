using System;
using System.Collections.Concurrent;
using System.Data;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace RasMfa.Engine.Storage.PostgreSql
{
    /// <summary>
    /// The login path's writes on PostgreSQL: each login's write in a transaction of its own (no group commit: other
    /// servers' writes interleave with these, and one batch holding many users' rows could deadlock with theirs), on a
    /// bounded number of connections (one per writer thread: a write waiting for a row lock blocks its thread, never the
    /// thread pool the listener's requests run on), each write bounded in time by its deadline (StoreWriteTimeoutSeconds):
    /// the wait for a writer, then lock_timeout and statement_timeout set for its transaction from what is left.
    ///
    /// Isolation: READ COMMITTED, with the rows a write depends on locked by its reads (the dialect's FOR UPDATE:
    /// Admission locks the user's row and the token's) and every other change a single conditional UPDATE, which
    /// PostgreSQL re-checks against the row as the transaction that held its lock left it. So two servers' writes on one
    /// user take turns, each seeing the other's committed count, lock and used step: the lockout and the single use of a
    /// code hold. SERIALIZABLE would add nothing to that and fail busy users' writes with serialization errors instead of
    /// queuing them. A deadlock (40P01) or serialization failure (40001) undoes the transaction, which runs again while
    /// its deadline allows.
    /// </summary>
    internal sealed class PostgreSqlWriteQueue : ILoginWriteQueue
    {
        private const string SetTimeouts = "SELECT set_config('lock_timeout', @ms, true), set_config('statement_timeout', @ms, true)";
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

        public Task<T> Enqueue<T>(Func<StoreSession, T> work, TimeSpan timeout)
        {
            var write = new Write<T>(work, Stopwatch.GetTimestamp() + (long)(Math.Max(0, timeout.TotalSeconds) * Stopwatch.Frequency));
            _pending.Add(write);
            return write.Completion.Task;
        }

        private void Run()
        {
            StoreSession? session = null;
            foreach (var write in _pending.GetConsumingEnumerable())
            {
                try
                {
                    write.Succeed(Execute(write, ref session));
                    Interlocked.Increment(ref _commits);
                }
                catch (Exception e)
                {
                    write.Fail(e);
                }
            }
            session?.Dispose();
        }

        // One login's write, run again after a deadlock or serialization failure, or a connection lost before its commit, while its deadline allows.
        private object? Execute(IWrite write, ref StoreSession? session)
        {
            Exception? lastConflict = null;
            while (true)
            {
                var left = Left(write.Deadline);
                if (left <= TimeSpan.Zero)
                    throw StoreWriteTimedOut.Error(lastConflict == null
                        ? "The PostgreSQL store's writers were busy past this login's deadline (other logins held them)"
                        : "The PostgreSQL store did not complete the write in time (it kept conflicting with other writes, or the connection was lost)", lastConflict);
                session ??= OpenSession(left);
                bool committing = false;
                try
                {
                    return RunOnce(session, write, left, ref committing);
                }
                catch (Exception e) when (PostgreSqlErrors.IsConflict(e))
                {
                    lastConflict = e;
                }
                catch (Exception e) when (PostgreSqlErrors.IsTimeout(e))
                {
                    throw StoreWriteTimedOut.Error("A row lock of the PostgreSQL store was not free in time (another login or server holds it)", e);
                }
                catch (Exception e) when (PostgreSqlErrors.IsConnectionLoss(e))
                {
                    // The pool's idle connections went with this one. A write lost before its commit was sent changed nothing and
                    // runs again on a new connection (the first write after the server came back); one lost in its commit may
                    // have been made, and is reported as not made: the caller answers it as a write the store could not take.
                    // A server still away refuses the new connection at once: StoreUnreachable.
                    session.Dispose();
                    session = null;
                    _dialect.ClearPool();
                    if (committing) throw PostgreSqlErrors.Unreachable(_dialect.Location, e);
                    lastConflict = e;
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

        private object? RunOnce(StoreSession session, IWrite write, TimeSpan left, ref bool committing)
        {
            // The server's bounds, from the deadline; the client's own a second later, for a server that stopped answering.
            session.CommandTimeout = (int)Math.Ceiling(left.TotalSeconds) + 1;
            using var transaction = session.Connection.BeginTransaction(IsolationLevel.ReadCommitted);
            session.Transaction = transaction;
            try
            {
                session.Command(SetTimeouts, ("@ms", Math.Max(1, (long)left.TotalMilliseconds).ToString(CultureInfo.InvariantCulture))).ExecuteNonQuery();
                var result = write.Execute(session);
                committing = true;
                transaction.Commit();
                return result;
            }
            finally
            {
                session.Transaction = null;
            }
        }

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

        private static TimeSpan Left(long deadline) => TimeSpan.FromSeconds(Math.Max(0, deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);

        /// <summary>Finishes the writes queued (each within its deadline), then closes the writers' connections.</summary>
        public void Dispose()
        {
            _pending.CompleteAdding();
            foreach (var writer in _writers) writer.Join(TimeSpan.FromSeconds(10));
        }

        private interface IWrite
        {
            long Deadline { get; }

            object? Execute(StoreSession session);

            void Succeed(object? result);

            void Fail(Exception error);
        }

        private sealed class Write<T> : IWrite
        {
            private readonly Func<StoreSession, T> _work;

            public Write(Func<StoreSession, T> work, long deadline)
            {
                _work = work;
                Deadline = deadline;
            }

            public long Deadline { get; }

            public TaskCompletionSource<T> Completion { get; } = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);

            public object? Execute(StoreSession session) => _work(session);

            public void Succeed(object? result) => Completion.TrySetResult((T)result!);

            public void Fail(Exception error) => Completion.TrySetException(error);
        }
    }
}
