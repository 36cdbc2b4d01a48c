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
    /// bounded number of connections, each write bounded in time by its deadline (StoreWriteTimeoutSeconds): the wait for
    /// a connection, then lock_timeout and statement_timeout set for its transaction from what is left.
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
        private readonly SemaphoreSlim _writers;
        private readonly ConcurrentBag<StoreSession> _idle = new ConcurrentBag<StoreSession>();
        private long _commits;
        private volatile bool _disposed;

        public PostgreSqlWriteQueue(PostgreSqlDialect dialect)
        {
            _dialect = dialect;
            _writers = new SemaphoreSlim(MaxWriters, MaxWriters);
        }

        /// <summary>Connections writing at once: the rest wait their turn (within their deadline), so a burst of logins does not exhaust the server's connections.</summary>
        public static int MaxWriters { get; } = Math.Max(4, Environment.ProcessorCount * 2);

        public long Commits => Interlocked.Read(ref _commits);

        public Task<T> Enqueue<T>(Func<StoreSession, T> work, TimeSpan timeout) =>
            RunAsync(work, Stopwatch.GetTimestamp() + (long)(Math.Max(0, timeout.TotalSeconds) * Stopwatch.Frequency));

        private async Task<T> RunAsync<T>(Func<StoreSession, T> work, long deadline)
        {
            var left = Left(deadline);
            if (left <= TimeSpan.Zero || !await _writers.WaitAsync(left).ConfigureAwait(false))
                throw StoreWriteTimedOut.Error("No connection to the PostgreSQL store was free in time (this server's other logins held them)", null);
            try
            {
                Exception? conflict = null;
                while (true)
                {
                    left = Left(deadline);
                    if (left <= TimeSpan.Zero)
                        throw StoreWriteTimedOut.Error("The PostgreSQL store did not complete the write in time" + (conflict != null ? " (it kept conflicting with other writes)" : ""), conflict);
                    var session = await TakeSessionAsync(left).ConfigureAwait(false);
                    bool committing = false;
                    try
                    {
                        var result = RunOnce(session, work, left, ref committing);
                        Interlocked.Increment(ref _commits);
                        return result;
                    }
                    catch (Exception e) when (PostgreSqlErrors.IsConflict(e))
                    {
                        conflict = e;
                    }
                    catch (Exception e) when (PostgreSqlErrors.IsTimeout(e))
                    {
                        throw StoreWriteTimedOut.Error("A row lock of the PostgreSQL store was not free in time (another login or server holds it)", e);
                    }
                    catch (Exception e) when (PostgreSqlErrors.IsConnectionLoss(e))
                    {
                        // Every idle connection went with this one; a write lost before its commit was sent changed nothing and runs
                        // again on a new connection (the first write after the server came back), one lost in its commit may have
                        // been made and is reported as not made: the caller answers it as a write the store could not take.
                        // (A server still away refuses the new connection at once: StoreUnreachable.)
                        ForgetIdleConnections();
                        if (committing) throw PostgreSqlErrors.Unreachable(_dialect.Location, e);
                        conflict = e;
                    }
                    finally
                    {
                        Return(session);
                    }
                }
            }
            finally
            {
                _writers.Release();
            }
        }

        private static T RunOnce<T>(StoreSession session, Func<StoreSession, T> work, TimeSpan left, ref bool committing)
        {
            // The server's bounds, from the deadline; the client's own a second later, for a server that stopped answering.
            session.CommandTimeout = (int)Math.Ceiling(left.TotalSeconds) + 1;
            using var transaction = session.Connection.BeginTransaction(IsolationLevel.ReadCommitted);
            session.Transaction = transaction;
            try
            {
                session.Command(SetTimeouts, ("@ms", Math.Max(1, (long)left.TotalMilliseconds).ToString(CultureInfo.InvariantCulture))).ExecuteNonQuery();
                var result = work(session);
                committing = true;
                transaction.Commit();
                return result;
            }
            finally
            {
                session.Transaction = null;
            }
        }

        // A connection from the idle ones, else a new one opened within what is left of the deadline.
        private async Task<StoreSession> TakeSessionAsync(TimeSpan left)
        {
            if (_idle.TryTake(out var idle)) return idle;
            using var bound = new CancellationTokenSource(left);
            try
            {
                return new StoreSession(await _dialect.OpenAsync(bound.Token).ConfigureAwait(false), ownsConnection: true);
            }
            catch (OperationCanceledException e)
            {
                throw StoreWriteTimedOut.Error("No connection to the PostgreSQL store could be opened in time", e);
            }
        }

        private void Return(StoreSession session)
        {
            if (!_disposed && session.Connection.State == ConnectionState.Open && _idle.Count < MaxWriters) _idle.Add(session);
            else session.Dispose();
        }

        private void ForgetIdleConnections()
        {
            while (_idle.TryTake(out var session)) session.Dispose();
            _dialect.ClearPool();
        }

        private static TimeSpan Left(long deadline) => TimeSpan.FromSeconds(Math.Max(0, deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);

        public void Dispose()
        {
            _disposed = true;
            while (_idle.TryTake(out var session)) session.Dispose();
        }
    }
}
