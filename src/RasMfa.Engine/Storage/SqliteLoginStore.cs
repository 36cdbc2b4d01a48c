using System;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Storage
{
    /// <summary>The login path on the embedded store: pooled prepared reads, and writes through the group-commit queue.</summary>
    internal sealed class SqliteLoginStore : ILoginStore, IDisposable
    {
        private readonly SqliteLoginReader _reader;
        private readonly Lazy<SqliteWriteQueue> _queue;

        public SqliteLoginStore(SqliteDatabase database)
        {
            _reader = new SqliteLoginReader(database);
            _queue = new Lazy<SqliteWriteQueue>(() => new SqliteWriteQueue(database));
        }

        public LoginSubject? Find(string requestedName) => _reader.Find(requestedName);

        public Task<CodeAcceptance> AcceptCodeAsync(CodeUse use, long userId, AuthenticationRecord audit) =>
            _queue.Value.Enqueue(session =>
            {
                bool consumed = use.Type == OtpTokenType.Totp
                    ? SqliteTokenStore.ConsumeTotpStep(session, use.TokenId, use.Position, use.DriftSteps)
                    : SqliteTokenStore.AdvanceHotpCounter(session, use.TokenId, use.ExpectedCounter, use.Position);
                if (!consumed) return new CodeAcceptance(false, null);
                SqliteUserStore.ClearFailures(session, userId);
                try
                {
                    SqliteAuditLog.Insert(session, audit);
                    return new CodeAcceptance(true, null);
                }
                catch (SqliteException e) when (e.SqliteErrorCode == SqliteDatabase.ConstraintError)
                {
                    // The code stays used (SQLite undid only the insert): the login succeeded, its record did not.
                    return new CodeAcceptance(true, e);
                }
            });

        public Task<MfaUser> RecordFailureAsync(long userId, int threshold, TimeSpan lockFor, DateTime nowUtc) =>
            _queue.Value.Enqueue(session => SqliteUserStore.RecordFailure(session, userId, threshold, lockFor, nowUtc));

        public Task WriteAuditAsync(AuthenticationRecord record) =>
            _queue.Value.Enqueue(session => SqliteAuditLog.Insert(session, record));

        public void Dispose()
        {
            if (_queue.IsValueCreated) _queue.Value.Dispose();
            _reader.Dispose();
        }
    }
}
