using System;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Tokens;

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

        public LoginLookup Find(string requestedName) => _reader.Find(requestedName);

        /// <summary>Durable commits of the login path so far.</summary>
        internal long Commits => _queue.IsValueCreated ? _queue.Value.Commits : 0;

        public Task<LoginSettlement> SettleAsync(LoginWrite write, Func<LoginSettlement, AuthenticationRecord> describe) =>
            _queue.Value.Enqueue(session =>
            {
                // The user was read when the login began; a lock, a disable or a token removed since (a login held by a
                // slow first factor, or waiting in this batch) must stop the Accept, and an Accept never lifts a lock.
                var ineligible = write.Accepting ? Eligibility(session, write.UserId, write.Use?.TokenId, write.Lockout?.NowUtc ?? DateTime.UtcNow) : LoginIneligibility.None;
                bool consumed = write.Accepting && ineligible == LoginIneligibility.None && (write.Use == null || Consume(session, write.Use));
                if (consumed) SqliteUserStore.ClearFailures(session, write.UserId);
                var lockout = write.Lockout;
                var counted = !consumed && ineligible == LoginIneligibility.None && lockout != null ? CountFailure(session, write.UserId, lockout) : null;
                var settlement = new LoginSettlement(consumed, counted, ineligible);
                try
                {
                    SqliteAuditLog.Insert(session, describe(settlement));
                }
                catch (SqliteException e) when (e.SqliteErrorCode == SqliteDatabase.ConstraintError)
                {
                    // SQLite undid only the insert: the code stays used and the failure counted; the record is lost, and said so.
                    settlement.AuditError = e;
                }
                return settlement;
            });

        private static LoginIneligibility Eligibility(SqliteSession session, long userId, long? tokenId, DateTime nowUtc)
        {
            using var reader = session.Command(
                "SELECT enabled, locked_until_utc, (SELECT COUNT(*) FROM otp_token WHERE id = $token AND user_id = $id) FROM mfa_user WHERE id = $id",
                ("$id", userId), ("$token", tokenId ?? -1)).ExecuteReader();
            if (!reader.Read()) return LoginIneligibility.UserRemoved;
            if (reader.GetInt64(0) == 0) return LoginIneligibility.Disabled;
            var lockedUntil = SqliteDatabase.ReadOptionalTime(reader, 1);
            if (lockedUntil.HasValue && lockedUntil.Value > nowUtc) return LoginIneligibility.Locked;
            if (tokenId.HasValue && reader.GetInt64(2) == 0) return LoginIneligibility.TokenRemoved;
            return LoginIneligibility.None;
        }

        private static bool Consume(SqliteSession session, CodeUse use) => use.Type == OtpTokenType.Totp
            ? SqliteTokenStore.ConsumeTotpStep(session, use.TokenId, use.Position, use.DriftSteps)
            : SqliteTokenStore.AdvanceHotpCounter(session, use.TokenId, use.ExpectedCounter, use.Position);

        private static Users.MfaUser? CountFailure(SqliteSession session, long userId, LockoutPolicy lockout)
        {
            try
            {
                return SqliteUserStore.RecordFailure(session, userId, lockout.Threshold, lockout.LockFor, lockout.NowUtc);
            }
            catch (StoreException)
            {
                // The user was removed while logging in: nothing to count, and the other logins in the batch must still commit.
                return null;
            }
        }

        public void Dispose()
        {
            if (_queue.IsValueCreated) _queue.Value.Dispose();
            _reader.Dispose();
        }
    }
}
