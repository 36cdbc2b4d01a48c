using System;
using System.Linq;
using System.Threading.Tasks;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Storage;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>
    /// Review R12 (issue 16): the PostgreSQL login write's hold, admission and code use in one round trip (SqlLoginStart).
    /// </summary>
    public sealed class ReviewR12LoginStartTests : IDisposable
    {
        private TestStore? _test;
        private SqlStore _serverA = null!;
        private readonly MfaUser _user = new MfaUser("alice");
        private readonly OtpToken _token = new OtpToken("T-ALICE", OtpTokenType.Totp, OtpSecrets.Generate(OtpAlgorithm.Sha1));
        private readonly LockoutPolicy _policy = new LockoutPolicy(5, TimeSpan.FromMinutes(15), DateTime.UtcNow);

        private void Open()
        {
            _test = TestStore.Open(StoreKind.PostgreSql);
            _serverA = _test.Store;
            _serverA.Users.Add(_user);
            _token.UserId = _user.Id;
            _serverA.Tokens.Add(_token);
        }

        private static AuthenticationRecord Record(string user, LoginSettlement settled) =>
            new AuthenticationRecord { ClientName = "ras", ClientAddress = "10.0.0.1", UserName = user, Result = settled.Consumed ? "Accept" : "Reject", Reason = "test", Method = "TOTP/PAP" };

        private static Task<LoginSettlement> Settle(SqlStore server, LoginWrite write, DecidedRequest request, string user = "alice") =>
            server.Logins.SettleAsync(write, request, settled => new LoginRecord(Record(user, settled),
                settled.Consumed ? new RecordedAnswer(RadiusCode.AccessAccept) : RecordedAnswer.Reject()));

        private static DecidedRequest Request(string server) => new DecidedRequest(Guid.NewGuid().ToByteArray(), server, DateTime.UtcNow);

        private LoginWrite Accept(long step) => LoginWrite.Accept(_user.Id, CodeUse.Of(_token, new OtpMatch(step, 0)), _policy);

        private Npgsql.NpgsqlConnection AdminHoldingUserRow(out Npgsql.NpgsqlTransaction holding)
        {
            var elsewhere = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(_test!.ConnectionString) { Pooling = false }.ConnectionString);
            elsewhere.Open();
            holding = elsewhere.BeginTransaction();
            using var take = new Npgsql.NpgsqlCommand("SELECT id FROM mfa_user WHERE id = @id FOR UPDATE", elsewhere, holding);
            take.Parameters.AddWithValue("id", _user.Id);
            take.ExecuteScalar();
            return elsewhere;
        }

        // A retransmission reaching server B of a request server A has answered: before issue 16 the hold found the answer and
        // the write touched nothing else. Now the admission's SELECT .. FOR UPDATE rides in the same command, so the answer
        // already stored waits on (and times out behind) a user row an admin session holds.
        [Fact]
        public async Task A_request_answered_elsewhere_gets_that_answer_while_an_admin_session_holds_the_users_row()
        {
            Open();
            var serverB = _test!.OpenAnother();
            ((SqlLoginStore)serverB.Logins).WriteTimeout = () => TimeSpan.FromSeconds(2);
            var request = Request("server-a");
            Assert.False((await Settle(_serverA, LoginWrite.WrongCode(_user.Id, _policy), request)).Consumed);

            using var admin = AdminHoldingUserRow(out var holding);
            var onB = await Settle(serverB, Accept(1000), new DecidedRequest(request.Key, "server-b", DateTime.UtcNow));
            holding.Rollback();
            Assert.Equal(RadiusCode.AccessReject, onB.DecidedElsewhere!.Code);
        }

        // StoredTime.Parse reads any form of a time (an older version's, an admin's edit), but the use's guard compares the text
        // (locked_until_utc <= @now): for a lock written "2026-06-01 11:00:00" the C# admission says Locked (11:00 > 10:00)
        // while the SQL guard lets the code through (' ' sorts before 'T'). The login is refused as locked, yet its step is
        // used up: the same right code fails once the lock ends. Before issue 16 the use ran only after the C# admission.
        [Fact]
        public async Task A_locked_users_right_code_stays_unused_whatever_form_the_lock_time_is_stored_in()
        {
            Open();
            var at = new DateTime(2026, 6, 1, 10, 0, 0, DateTimeKind.Utc);
            var policy = new LockoutPolicy(5, TimeSpan.FromMinutes(15), at);
            _test!.Execute("UPDATE mfa_user SET locked_until_utc = @until WHERE id = @id", ("@until", "2026-06-01 11:00:00"), ("@id", _user.Id));

            var refused = await Settle(_serverA, LoginWrite.Accept(_user.Id, CodeUse.Of(_token, new OtpMatch(8000, 0)), policy), Request("server-a"));
            Assert.Equal((LoginIneligibility.Locked, false), (refused.Ineligible, refused.Consumed));
            Assert.Null(_serverA.Tokens.GetBySerial("T-ALICE")!.LastUsedStep);
        }

        // Two servers (two stores, two write queues on one database) racing one right code, each for its own request, and
        // racing one request with it: the code is accepted once, every time.
        [Fact]
        public async Task One_code_raced_from_two_servers_is_accepted_once()
        {
            Open();
            var serverB = _test!.OpenAnother();
            for (long step = 9000; step < 9020; step++)
            {
                var shared = Request("server-a");
                var raced = await Task.WhenAll(
                    Settle(_serverA, Accept(step), Request("server-a")),
                    Settle(serverB, Accept(step), Request("server-b")),
                    Settle(_serverA, Accept(step), shared),
                    Settle(serverB, Accept(step), new DecidedRequest(shared.Key, "server-b", DateTime.UtcNow)));
                Assert.Equal(1, raced.Count(settled => settled.Consumed));
                Assert.Equal(step, _serverA.Tokens.GetBySerial("T-ALICE")!.LastUsedStep);
            }
        }

        // Wrong codes sent at once through two servers: the count stops at the threshold, the rest are refused as locked.
        [Fact]
        public async Task Wrong_codes_raced_from_two_servers_lock_at_the_threshold_and_count_no_further()
        {
            Open();
            var serverB = _test!.OpenAnother();
            var policy = new LockoutPolicy(3, TimeSpan.FromMinutes(15), DateTime.UtcNow);
            var raced = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => i % 2 == 0
                ? Settle(_serverA, LoginWrite.WrongCode(_user.Id, policy), Request("server-a"))
                : Settle(serverB, LoginWrite.WrongCode(_user.Id, policy), Request("server-b"))));
            Assert.Equal(3, raced.Count(settled => settled.Counted != null));
            Assert.Equal(9, raced.Count(settled => settled.Ineligible == LoginIneligibility.Locked));
            Assert.Equal(3, _serverA.Users.Get("alice")!.FailedAttempts);
        }

        public void Dispose() => _test?.Dispose();
    }
}
