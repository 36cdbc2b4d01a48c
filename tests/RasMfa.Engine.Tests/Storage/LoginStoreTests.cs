using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Storage
{
    /// <summary>The login path's store: the one joined read, and the accepted code's writes in one durable unit.</summary>
    public sealed class LoginStoreTests : IDisposable
    {
        private TestStore? _test;
        private SqlStore _store = null!;
        private readonly MfaUser _user = new MfaUser("alice@corp.example");
        private readonly OtpToken _token = new OtpToken("T-ALICE", OtpTokenType.Totp, OtpSecrets.Generate(OtpAlgorithm.Sha1));

        // Each theory's store, on the database it names, with alice holding one token.
        private void Open(StoreKind kind)
        {
            _test = TestStore.Open(kind);
            _store = _test.Store;
            _store.Users.Add(_user);
            _token.UserId = _user.Id;
            _store.Tokens.Add(_token);
        }

        [Theory, ClassData(typeof(BothStores))]
        public void Find_follows_the_user_name_rules_and_brings_the_token_with_its_secret(StoreKind kind)
        {
            Open(kind);
            foreach (var name in new[] { "alice@corp.example", "ALICE@corp.example", "CORP\\alice", "alice" })
            {
                var subject = _store.Logins.Find(name).Subject;
                Assert.NotNull(subject);
                Assert.Equal(_user.Id, subject!.User.Id);
                Assert.Equal("T-ALICE", subject.Token!.Serial);
                Assert.Equal(_token.Secret, subject.Token.Secret);
            }
            _store.Users.Add(new MfaUser("bob"));
            Assert.Null(_store.Logins.Find("bob").Subject!.Token);
            Assert.Null(_store.Logins.Find("carol").Subject);
        }

        private static readonly LockoutPolicy Lockout = new LockoutPolicy(10, TimeSpan.FromMinutes(15), DateTime.UtcNow);

        private static Func<LoginSettlement, AuthenticationRecord> Audit(string reason) =>
            settled => new AuthenticationRecord { ClientName = "ras", ClientAddress = "10.0.0.1", UserName = "alice", Result = settled.Consumed ? "Accept" : "Reject", Reason = reason, Method = "TOTP/PAP" };

        [Theory, ClassData(typeof(BothStores))]
        public async Task An_accepted_step_is_used_up_once_clears_the_failures_and_is_audited_with_it(StoreKind kind)
        {
            Open(kind);
            _store.Users.RecordFailure(_user.Id, threshold: 10, TimeSpan.FromMinutes(15), DateTime.UtcNow);
            var use = CodeUse.Of(_token, new OtpMatch(1000, 0));
            var first = await _store.Logins.SettleAsync(LoginWrite.Accept(_user.Id, use, Lockout), Audit("code accepted"));
            Assert.True(first.Consumed);
            Assert.Null(first.Counted);
            Assert.Null(first.AuditError);
            Assert.Equal(0, _store.Users.Get("alice@corp.example")!.FailedAttempts);
            Assert.Equal(1000, _store.Tokens.GetBySerial("T-ALICE")!.LastUsedStep);
            Assert.Equal("Accept", Assert.Single(_store.AuditLog.Query(new AuthenticationLogQuery { UserName = "alice" })).Result);
        }

        // The login path keeps its statements (PostgreSQL prepares them on the server after five uses): every later step is
        // still used up, each once, however many logins one connection has written.
        [Theory, ClassData(typeof(BothStores))]
        public async Task Each_of_a_dozen_later_steps_is_used_up_once_through_the_same_kept_statements(StoreKind kind)
        {
            Open(kind);
            for (long step = 1000; step < 1012; step++)
            {
                var use = CodeUse.Of(_token, new OtpMatch(step, 0));
                Assert.True((await _store.Logins.SettleAsync(LoginWrite.Accept(_user.Id, use, Lockout), Audit("code accepted"))).Consumed);
                Assert.False((await _store.Logins.SettleAsync(LoginWrite.Accept(_user.Id, use, Lockout), Audit("replayed"))).Consumed);
                Assert.Equal(step, _store.Tokens.GetBySerial("T-ALICE")!.LastUsedStep);
            }
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task A_replayed_step_counts_a_failure_in_the_same_write_as_its_record(StoreKind kind)
        {
            Open(kind);
            var use = CodeUse.Of(_token, new OtpMatch(1000, 0));
            await _store.Logins.SettleAsync(LoginWrite.Accept(_user.Id, use, Lockout), Audit("code accepted"));
            var again = await _store.Logins.SettleAsync(LoginWrite.Accept(_user.Id, use, Lockout), settled => Audit(settled.Counted == null ? "not counted" : "counted " + settled.Counted.FailedAttempts)(settled));
            Assert.False(again.Consumed);
            Assert.Equal(1, again.Counted!.FailedAttempts);
            Assert.Equal("counted 1", _store.AuditLog.Query(new AuthenticationLogQuery { Last = 1 })[0].Reason);
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task A_failure_at_the_threshold_locks_and_the_record_sees_the_lock(StoreKind kind)
        {
            Open(kind);
            var policy = new LockoutPolicy(2, TimeSpan.FromMinutes(15), DateTime.UtcNow);
            var first = await _store.Logins.SettleAsync(LoginWrite.CountFailure(_user.Id, policy), Audit("wrong code"));
            var second = await _store.Logins.SettleAsync(LoginWrite.CountFailure(_user.Id, policy), Audit("wrong code"));
            Assert.False(first.Counted!.IsLockedAt(policy.NowUtc));
            Assert.True(second.Counted!.IsLockedAt(policy.NowUtc));
            Assert.Equal(2, _store.AuditLog.Query(new AuthenticationLogQuery { UserName = "alice" }).Count);
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task A_failure_for_a_user_removed_meanwhile_still_writes_the_record(StoreKind kind)
        {
            Open(kind);
            _store.Users.Remove("alice@corp.example");
            var settled = await _store.Logins.SettleAsync(LoginWrite.CountFailure(_user.Id, Lockout), Audit("wrong code"));
            Assert.Null(settled.Counted);
            Assert.Single(_store.AuditLog.Query(new AuthenticationLogQuery { UserName = "alice" }));
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task A_record_that_cannot_be_written_does_not_undo_the_used_code(StoreKind kind)
        {
            Open(kind);
            var use = CodeUse.Of(_token, new OtpMatch(2000, 0));
            var result = await _store.Logins.SettleAsync(LoginWrite.Accept(_user.Id, use, Lockout), settled => new AuthenticationRecord { ClientName = "ras", ClientAddress = "10.0.0.1", UserName = "alice", Result = "Accept", Reason = null!, Method = "TOTP/PAP" });
            Assert.True(result.Consumed);
            Assert.IsAssignableFrom<System.Data.Common.DbException>(result.AuditError);
            Assert.Equal(2000, _store.Tokens.GetBySerial("T-ALICE")!.LastUsedStep);
            Assert.False((await _store.Logins.SettleAsync(LoginWrite.Accept(_user.Id, use, Lockout), Audit("code accepted"))).Consumed);
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task A_record_that_cannot_be_written_does_not_undo_the_failures_cleared_by_the_accepted_code(StoreKind kind)
        {
            // On PostgreSQL the count's clearing goes to the server with the record, in one command: the record's failure undoes the record alone.
            Open(kind);
            await _store.Logins.SettleAsync(LoginWrite.CountFailure(_user.Id, Lockout), Audit("wrong code"));
            Assert.Equal(1, _store.Users.Get("alice@corp.example")!.FailedAttempts);
            var use = CodeUse.Of(_token, new OtpMatch(3000, 0));
            var result = await _store.Logins.SettleAsync(LoginWrite.Accept(_user.Id, use, Lockout), settled => new AuthenticationRecord { ClientName = "ras", ClientAddress = "10.0.0.1", UserName = "alice", Result = "Accept", Reason = null!, Method = "TOTP/PAP" });
            Assert.True(result.Consumed);
            Assert.NotNull(result.AuditError);
            Assert.Equal(0, _store.Users.Get("alice@corp.example")!.FailedAttempts);
            Assert.Equal(3000, _store.Tokens.GetBySerial("T-ALICE")!.LastUsedStep);
        }

        public void Dispose() => _test?.Dispose();
    }
}
