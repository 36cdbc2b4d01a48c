using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// Group commit for the login path: one writer thread runs the writes of many concurrent logins (replay guard,
    /// counters, audit records) in one transaction, and completes each caller only after that transaction is durable.
    /// Under load this turns one fsync per write into one per batch; alone, a write waits for nobody.
    /// </summary>
    internal sealed class SqliteWriteQueue : IDisposable
    {
        private const int MaxBatch = 256;
        private readonly SqliteDatabase _database;
        private readonly BlockingCollection<IWrite> _pending = new BlockingCollection<IWrite>();
        private readonly Thread _writer;
        private long _commits;

        public SqliteWriteQueue(SqliteDatabase database)
        {
            _database = database;
            _writer = new Thread(Run) { IsBackground = true, Name = "RasMfa store writer" };
            _writer.Start();
        }

        /// <summary>Transactions committed so far (each one fsync): what a login's writes cost, for tests and measurements.</summary>
        public long Commits => Interlocked.Read(ref _commits);

        public Task<T> Enqueue<T>(Func<SqliteSession, T> work)
        {
            var write = new Write<T>(work);
            _pending.Add(write);
            return write.Completion.Task;
        }

        private void Run()
        {
            var batch = new List<IWrite>(MaxBatch);
            SqliteSession? session = null;
            foreach (var first in _pending.GetConsumingEnumerable())
            {
                batch.Clear();
                batch.Add(first);
                while (batch.Count < MaxBatch && _pending.TryTake(out var next)) batch.Add(next);
                try
                {
                    session ??= new SqliteSession(_database.Open(), ownsConnection: true);
                    using var transaction = session.Connection.BeginTransaction();
                    session.Transaction = transaction;
                    foreach (var write in batch) write.Execute(session);
                    transaction.Commit();
                    Interlocked.Increment(ref _commits);
                    foreach (var write in batch) write.Publish();
                }
                catch (Exception e)
                {
                    // Nothing of the batch is durable: every caller hears so, and the next batch gets a fresh connection.
                    foreach (var write in batch) write.Fail(e);
                    session?.Dispose();
                    session = null;
                }
            }
            session?.Dispose();
        }

        public void Dispose()
        {
            _pending.CompleteAdding();
            _writer.Join(TimeSpan.FromSeconds(10));
        }

        private interface IWrite
        {
            void Execute(SqliteSession session);

            void Publish();

            void Fail(Exception error);
        }

        private sealed class Write<T> : IWrite
        {
            private readonly Func<SqliteSession, T> _work;
            private T _result = default!;
            private Exception? _error;

            public Write(Func<SqliteSession, T> work) => _work = work;

            public TaskCompletionSource<T> Completion { get; } = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);

            // A failing statement fails its own caller only; SQLite undoes that statement and the transaction goes on.
            public void Execute(SqliteSession session)
            {
                try
                {
                    _result = _work(session);
                }
                catch (SqliteException e) when (e.SqliteErrorCode == SqliteDatabase.ConstraintError)
                {
                    _error = e;
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
