using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Storage
{
    /// <summary>The login path's store: the one joined read, and the accepted code's writes in one durable unit.</summary>
    public sealed class LoginStoreTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-logins-" + Guid.NewGuid().ToString("N"));
        private readonly SqliteStore _store;
        private readonly MfaUser _user = new MfaUser("alice@corp.example");
        private readonly OtpToken _token = new OtpToken("T-ALICE", OtpTokenType.Totp, OtpSecrets.Generate(OtpAlgorithm.Sha1));

        public LoginStoreTests()
        {
            _store = new SqliteStore(Path.Combine(_folder, "rasmfa.db"));
            _store.Users.Add(_user);
            _token.UserId = _user.Id;
            _store.Tokens.Add(_token);
        }

        private static AuthenticationRecord Accept(string userName) =>
            new AuthenticationRecord { ClientName = "ras", ClientAddress = "10.0.0.1", UserName = userName, Result = "Accept", Reason = "code accepted", Method = "TOTP/PAP" };

        [Fact]
        public void Find_follows_the_user_name_rules_and_brings_the_token_with_its_secret()
        {
            foreach (var name in new[] { "alice@corp.example", "ALICE@corp.example", "CORP\\alice", "alice" })
            {
                var subject = _store.Logins.Find(name);
                Assert.NotNull(subject);
                Assert.Equal(_user.Id, subject!.User.Id);
                Assert.Equal("T-ALICE", subject.Token!.Serial);
                Assert.Equal(_token.Secret, subject.Token.Secret);
            }
            _store.Users.Add(new MfaUser("bob"));
            Assert.Null(_store.Logins.Find("bob")!.Token);
            Assert.Null(_store.Logins.Find("carol"));
        }

        [Fact]
        public async Task An_accepted_step_is_used_up_once_clears_the_failures_and_is_audited_with_it()
        {
            _store.Users.RecordFailure(_user.Id, threshold: 10, TimeSpan.FromMinutes(15), DateTime.UtcNow);
            var use = CodeUse.Of(_token, new OtpMatch(1000, 0));
            var first = await _store.Logins.AcceptCodeAsync(use, _user.Id, Accept("alice"));
            var again = await _store.Logins.AcceptCodeAsync(use, _user.Id, Accept("alice"));
            Assert.True(first.Consumed);
            Assert.Null(first.AuditError);
            Assert.False(again.Consumed);
            Assert.Equal(0, _store.Users.Get("alice@corp.example")!.FailedAttempts);
            Assert.Equal(1000, _store.Tokens.GetBySerial("T-ALICE")!.LastUsedStep);
            // Only the accepted one wrote a record; the refused copy is the caller's to audit.
            Assert.Single(_store.AuditLog.Query(new AuthenticationLogQuery { UserName = "alice" }));
        }

        [Fact]
        public async Task A_record_that_cannot_be_written_does_not_undo_the_used_code()
        {
            var broken = Accept("alice");
            broken.Reason = null!;
            var result = await _store.Logins.AcceptCodeAsync(CodeUse.Of(_token, new OtpMatch(2000, 0)), _user.Id, broken);
            Assert.True(result.Consumed);
            Assert.IsType<SqliteException>(result.AuditError);
            Assert.Equal(2000, _store.Tokens.GetBySerial("T-ALICE")!.LastUsedStep);
            Assert.False((await _store.Logins.AcceptCodeAsync(CodeUse.Of(_token, new OtpMatch(2000, 0)), _user.Id, Accept("alice"))).Consumed);
        }

        public void Dispose()
        {
            _store.Dispose();
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }
    }
}
