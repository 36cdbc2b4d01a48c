using System;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Storage.PostgreSql
{
    /// <summary>Two servers on one PostgreSQL store, writing at once: the lockout adds up and a code is used once.</summary>
    public sealed class PostgreSqlSharedStoreTests : IDisposable
    {
        private readonly TestStore _test = TestStore.Open(StoreKind.PostgreSql);
        private readonly SqlStore _serverA;
        private readonly SqlStore _serverB;
        private readonly MfaUser _user = new MfaUser("alice");
        private readonly OtpToken _token = new OtpToken("T-ALICE", OtpTokenType.Totp, OtpSecrets.Generate(OtpAlgorithm.Sha1));

        public PostgreSqlSharedStoreTests()
        {
            _serverA = _test.Store;
            _serverB = _test.OpenAnother();
            _serverA.Users.Add(_user);
            _token.UserId = _user.Id;
            _serverA.Tokens.Add(_token);
        }

        private static Func<LoginSettlement, AuthenticationRecord> Audit(string reason) =>
            settled => new AuthenticationRecord { ClientName = "ras", ClientAddress = "10.0.0.1", UserName = "alice", Result = settled.Consumed ? "Accept" : "Reject", Reason = reason, Method = "TOTP/PAP" };

        [Fact]
        public async Task Fifty_wrong_codes_at_once_split_between_two_servers_lock_the_user_at_exactly_the_threshold()
        {
            var policy = new LockoutPolicy(10, TimeSpan.FromMinutes(15), DateTime.UtcNow);
            var settled = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
                Task.Run(() => (i % 2 == 0 ? _serverA : _serverB).Logins.SettleAsync(LoginWrite.WrongCode(_user.Id, policy), Audit("wrong code")))));

            Assert.Equal(10, settled.Count(s => s.Ineligible == LoginIneligibility.None));
            Assert.Equal(40, settled.Count(s => s.Ineligible == LoginIneligibility.Locked));
            var alice = _serverB.Users.Get("alice")!;
            Assert.Equal(10, alice.FailedAttempts);
            Assert.True(alice.IsLockedAt(policy.NowUtc));
            Assert.Equal(50, _serverA.AuditLog.Query(new AuthenticationLogQuery { UserName = "alice" }).Count);
        }

        [Fact]
        public async Task The_same_code_sent_through_both_servers_at_once_is_accepted_once()
        {
            var policy = new LockoutPolicy(100, TimeSpan.FromMinutes(15), DateTime.UtcNow);
            for (long step = 1000; step < 1020; step++)
            {
                var use = CodeUse.Of(_token, new OtpMatch(step, 0));
                var both = await Task.WhenAll(
                    Task.Run(() => _serverA.Logins.SettleAsync(LoginWrite.Accept(_user.Id, use, policy), Audit("code"))),
                    Task.Run(() => _serverB.Logins.SettleAsync(LoginWrite.Accept(_user.Id, use, policy), Audit("code"))));
                Assert.Equal(1, both.Count(s => s.Consumed));
            }
            Assert.Equal(1019, _serverA.Tokens.GetBySerial("T-ALICE")!.LastUsedStep);
        }

        // SQLite's login write holds the database's one write lock (LoginAdmissionTests); PostgreSQL's holds the user's row.
        [Fact]
        public async Task A_login_write_holds_its_users_row_so_another_server_cannot_admit_an_attempt_in_between()
        {
            string? refused = null;
            var policy = new LockoutPolicy(10, TimeSpan.FromMinutes(15), DateTime.UtcNow);
            await _serverA.Logins.SettleAsync(LoginWrite.WrongCode(_user.Id, policy), settled =>
            {
                using var other = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_test.ConnectionString) { Pooling = false }.ConnectionString);
                other.Open();
                using var command = new NpgsqlCommand("SELECT id FROM mfa_user WHERE id = @id FOR UPDATE NOWAIT", other);
                command.Parameters.AddWithValue("id", _user.Id);
                try
                {
                    command.ExecuteScalar();
                }
                catch (PostgresException e)
                {
                    refused = e.SqlState;
                }
                return Audit("checked")(settled);
            });
            Assert.Equal("55P03", refused); // lock_not_available
        }

        [Fact]
        public void Clients_and_settings_changed_on_one_server_move_the_version_the_other_polls()
        {
            long before = _serverB.GetChangeVersion();
            _serverA.Clients.Add(new RadiusClientDefinition("ras", IpNetwork.Parse("10.0.0.9"), System.Text.Encoding.UTF8.GetBytes("a-shared-secret-for-tests")));
            Assert.Equal(before + 1, _serverB.GetChangeVersion());
            Assert.Equal("ras", Assert.Single(_serverB.Clients.List()).Name);
        }

        public void Dispose() => _test.Dispose();
    }
}
