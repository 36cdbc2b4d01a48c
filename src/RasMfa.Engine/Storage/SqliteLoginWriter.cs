using System;
using System.Threading.Tasks;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Storage
{
    /// <summary>The login path's writes through the group-commit queue; the same statements the synchronous stores run.</summary>
    internal sealed class SqliteLoginWriter : ILoginWriter, IDisposable
    {
        private readonly Lazy<SqliteWriteQueue> _queue;

        public SqliteLoginWriter(SqliteDatabase database) => _queue = new Lazy<SqliteWriteQueue>(() => new SqliteWriteQueue(database));

        public Task<bool> ConsumeTotpStepAsync(long tokenId, long step, int driftSteps) =>
            _queue.Value.Enqueue((connection, transaction) => SqliteTokenStore.ConsumeTotpStep(connection, transaction, tokenId, step, driftSteps));

        public Task<bool> AdvanceHotpCounterAsync(long tokenId, long expectedCounter, long newCounter) =>
            _queue.Value.Enqueue((connection, transaction) => SqliteTokenStore.AdvanceHotpCounter(connection, transaction, tokenId, expectedCounter, newCounter));

        public Task<MfaUser> RecordFailureAsync(long userId, int threshold, TimeSpan lockFor, DateTime nowUtc) =>
            _queue.Value.Enqueue((connection, transaction) => SqliteUserStore.RecordFailure(connection, transaction, userId, threshold, lockFor, nowUtc));

        public Task RecordSuccessAsync(long userId) =>
            _queue.Value.Enqueue((connection, transaction) => SqliteUserStore.ClearFailures(connection, transaction, userId));

        public Task WriteAuditAsync(AuthenticationRecord record) =>
            _queue.Value.Enqueue((connection, transaction) => SqliteAuditLog.Insert(connection, transaction, record));

        public void Dispose()
        {
            if (_queue.IsValueCreated) _queue.Value.Dispose();
        }
    }
}
