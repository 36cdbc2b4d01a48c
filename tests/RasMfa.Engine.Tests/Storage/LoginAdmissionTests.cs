using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Storage
{
    /// <summary>
    /// A code attempt is admitted by the write before its outcome counts: a locked user's attempt is refused as locked,
    /// counts nothing and extends nothing, right code or wrong; and the write holds SQLite's write lock from its start
    /// (PostgreSQL: the user's row, PostgreSqlSharedStoreTests), so that another server cannot admit an attempt in between.
    /// </summary>
    public sealed class LoginAdmissionTests : IDisposable
    {
        private TestStore? _test;
        private SqlStore _store = null!;
        private readonly MfaUser _user = new MfaUser("alice");
        private readonly OtpToken _token = new OtpToken("T-ALICE", OtpTokenType.Totp, OtpSecrets.Generate(OtpAlgorithm.Sha1));
        private readonly LockoutPolicy _policy = new LockoutPolicy(2, TimeSpan.FromMinutes(15), new DateTime(2026, 11, 28, 8, 0, 0, DateTimeKind.Utc));

        // Each theory's store, on the database it names, with alice holding one token.
        private void Open(StoreKind kind)
        {
            _test = TestStore.Open(kind);
            _store = _test.Store;
            _store.Users.Add(_user);
            _token.UserId = _user.Id;
            _store.Tokens.Add(_token);
        }

        private static Func<LoginSettlement, AuthenticationRecord> Audit(string reason) =>
            settled => new AuthenticationRecord { ClientName = "ras", ClientAddress = "10.0.0.1", UserName = "alice", Result = "Reject", Reason = reason, Method = "TOTP/PAP" };

        [Theory, ClassData(typeof(BothStores))]
        public async Task A_locked_users_code_attempts_are_not_admitted_and_count_nothing(StoreKind kind)
        {
            Open(kind);
            await _store.Logins.SettleAsync(LoginWrite.WrongCode(_user.Id, _policy), Audit("wrong code"));
            var locking = await _store.Logins.SettleAsync(LoginWrite.WrongCode(_user.Id, _policy), Audit("wrong code"));
            var lockedUntil = locking.Counted!.LockedUntilUtc;
            Assert.True(locking.Counted.IsLockedAt(_policy.NowUtc));

            var later = new LockoutPolicy(2, TimeSpan.FromMinutes(15), _policy.NowUtc.AddMinutes(1));
            var wrong = await _store.Logins.SettleAsync(LoginWrite.WrongCode(_user.Id, later), Audit("refused"));
            var right = await _store.Logins.SettleAsync(LoginWrite.Accept(_user.Id, CodeUse.Of(_token, new OtpMatch(1000, 0)), later), Audit("refused"));
            Assert.Equal((LoginIneligibility.Locked, false, null), (wrong.Ineligible, wrong.Consumed, wrong.Counted));
            Assert.Equal((LoginIneligibility.Locked, false, null), (right.Ineligible, right.Consumed, right.Counted));
            var alice = _store.Users.Get("alice")!;
            Assert.Equal(2, alice.FailedAttempts);
            Assert.Equal(lockedUntil, alice.LockedUntilUtc);
            Assert.Null(_store.Tokens.GetBySerial("T-ALICE")!.LastUsedStep);
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task Once_the_lock_runs_out_one_attempt_is_admitted_and_its_failure_locks_again(StoreKind kind)
        {
            Open(kind);
            await _store.Logins.SettleAsync(LoginWrite.WrongCode(_user.Id, _policy), Audit("wrong code"));
            await _store.Logins.SettleAsync(LoginWrite.WrongCode(_user.Id, _policy), Audit("wrong code"));
            var afterLock = new LockoutPolicy(2, TimeSpan.FromMinutes(15), _policy.NowUtc.AddMinutes(16));
            var admitted = await _store.Logins.SettleAsync(LoginWrite.WrongCode(_user.Id, afterLock), Audit("wrong code"));
            var next = await _store.Logins.SettleAsync(LoginWrite.WrongCode(_user.Id, afterLock), Audit("refused"));
            Assert.Equal(LoginIneligibility.None, admitted.Ineligible);
            Assert.True(admitted.Counted!.IsLockedAt(afterLock.NowUtc));
            Assert.Equal(LoginIneligibility.Locked, next.Ineligible);
        }

        // Threshold 2 (the policy's): of ten reservations made at once, two are admitted, the second locking the user.
        [Theory, ClassData(typeof(BothStores))]
        public async Task Reservations_made_at_once_admit_no_more_than_the_threshold(StoreKind kind)
        {
            Open(kind);
            var reservations = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _store.Logins.ReserveAttemptAsync(_user.Id, _policy)));
            Assert.Equal(2, reservations.Count(r => r.Admitted));
            Assert.Equal(8, reservations.Count(r => r.Refused == LoginIneligibility.Locked));
            var alice = _store.Users.Get("alice")!;
            Assert.Equal(2, alice.FailedAttempts);
            Assert.True(alice.IsLockedAt(_policy.NowUtc));
        }

        // A right password gives its reservation back: the count it took, and the lock it set, so the user is not locked by it.
        [Theory, ClassData(typeof(BothStores))]
        public async Task A_reservation_given_back_takes_its_count_and_its_own_lock_with_it(StoreKind kind)
        {
            Open(kind);
            await _store.Logins.SettleAsync(LoginWrite.WrongCode(_user.Id, _policy), Audit("wrong code"));
            var reserved = await _store.Logins.ReserveAttemptAsync(_user.Id, _policy);
            Assert.True(_store.Users.Get("alice")!.IsLockedAt(_policy.NowUtc));
            var settled = await _store.Logins.SettleAsync(LoginWrite.AuditOnly.Settling(reserved), Audit("code requested"));
            Assert.Equal(LoginIneligibility.None, settled.Ineligible);
            var alice = _store.Users.Get("alice")!;
            Assert.Equal((1, false), (alice.FailedAttempts, alice.IsLockedAt(_policy.NowUtc)));
        }

        // ...but not a lock another attempt set: the write admits the user again, and finds them locked.
        [Theory, ClassData(typeof(BothStores))]
        public async Task A_reservation_given_back_after_another_locked_the_user_is_refused_as_locked(StoreKind kind)
        {
            Open(kind);
            var right = await _store.Logins.ReserveAttemptAsync(_user.Id, _policy);
            var wrong = await _store.Logins.ReserveAttemptAsync(_user.Id, _policy);
            Assert.True(wrong.Admitted);
            await _store.Logins.SettleAsync(LoginWrite.CountFailure(_user.Id, _policy).Settling(wrong), Audit("wrong password"));
            var settled = await _store.Logins.SettleAsync(LoginWrite.AuditOnly.Settling(right), Audit("refused"));
            Assert.Equal(LoginIneligibility.Locked, settled.Ineligible);
            var alice = _store.Users.Get("alice")!;
            Assert.Equal((1, true), (alice.FailedAttempts, alice.IsLockedAt(_policy.NowUtc)));
        }

        [Fact]
        public async Task The_login_write_holds_the_write_lock_from_its_start()
        {
            Open(StoreKind.Sqlite);
            Exception? seen = null;
            await _store.Logins.SettleAsync(LoginWrite.AuditOnly, settled =>
            {
                // Runs inside the write's transaction, before it has written anything: another connection (another server) must not get the lock.
                using var other = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _store.Location, DefaultTimeout = 1, Pooling = false }.ToString());
                other.Open();
                try
                {
                    using var begin = other.CreateCommand();
                    begin.CommandText = "BEGIN IMMEDIATE; ROLLBACK;";
                    begin.ExecuteNonQuery();
                }
                catch (SqliteException e)
                {
                    seen = e;
                }
                return Audit("checked")(settled);
            });
            Assert.Equal(5, Assert.IsType<SqliteException>(seen).SqliteErrorCode); // SQLITE_BUSY
        }

        public void Dispose() => _test?.Dispose();
    }
}
