using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Storage.PostgreSql;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Storage.PostgreSql
{
    /// <summary>
    /// A login's write sends its request's hold, the user's admission and the code's use to PostgreSQL in one round trip
    /// (SqlLoginStart), the use not waiting for the admission's answer. What an admin checks: a code sent for a request
    /// another server has answered, for a disabled user, or with a token since given to someone else is refused and stays
    /// unused (the user can still log in with it); a request sent again gets its first answer and one audit record; a
    /// batch in which one login fails commits the others' codes and audit records. Theories run on SQLite too: the same answers.
    /// </summary>
    public sealed class LoginStatementsTogetherTests : IDisposable
    {
        private static readonly TimeSpan Ample = TimeSpan.FromSeconds(30);
        private TestStore? _test;
        private SqlStore _serverA = null!;
        private readonly MfaUser _user = new MfaUser("alice");
        private readonly OtpToken _token = new OtpToken("T-ALICE", OtpTokenType.Totp, OtpSecrets.Generate(OtpAlgorithm.Sha1));
        private readonly LockoutPolicy _policy = new LockoutPolicy(5, TimeSpan.FromMinutes(15), DateTime.UtcNow);

        private void Open(StoreKind kind)
        {
            _test = TestStore.Open(kind);
            _serverA = _test.Store;
            _serverA.Users.Add(_user);
            _token.UserId = _user.Id;
            _serverA.Tokens.Add(_token);
        }

        private static AuthenticationRecord Record(string user, LoginSettlement settled) =>
            new AuthenticationRecord { ClientName = "ras", ClientAddress = "10.0.0.1", UserName = user, Result = settled.Consumed ? "Accept" : "Reject", Reason = "test", Method = "TOTP/PAP" };

        // A request's write as the listener makes it: its answer recorded under the request's key with its audit record.
        private static Task<LoginSettlement> Settle(SqlStore server, LoginWrite write, DecidedRequest request, string user = "alice") =>
            server.Logins.SettleAsync(write, request, settled => new LoginRecord(Record(user, settled),
                settled.Consumed ? new RecordedAnswer(RadiusCode.AccessAccept) : RecordedAnswer.Reject()));

        private static DecidedRequest Request(string server) => new DecidedRequest(Guid.NewGuid().ToByteArray(), server, DateTime.UtcNow);

        private LoginWrite Accept(long step) => LoginWrite.Accept(_user.Id, CodeUse.Of(_token, new OtpMatch(step, 0)), _policy);

        private long? LastUsedStep => _serverA.Tokens.GetBySerial("T-ALICE")!.LastUsedStep;

        [Theory, ClassData(typeof(BothStores))]
        public async Task A_code_for_a_request_another_server_answered_gets_that_answer_and_stays_unused(StoreKind kind)
        {
            Open(kind);
            var serverB = _test!.OpenAnother();
            var request = Request("server-a");
            Assert.False((await Settle(_serverA, LoginWrite.WrongCode(_user.Id, _policy), request)).Consumed);

            var onB = await Settle(serverB, Accept(1000), new DecidedRequest(request.Key, "server-b", DateTime.UtcNow));
            Assert.Equal(RadiusCode.AccessReject, onB.DecidedElsewhere!.Code);
            Assert.False(onB.Consumed);
            Assert.Null(LastUsedStep);
            Assert.True((await Settle(serverB, Accept(1000), Request("server-b"))).Consumed);
            Assert.Equal(1000, LastUsedStep);
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task A_request_sent_again_gets_its_first_answer_and_one_audit_record(StoreKind kind)
        {
            Open(kind);
            var request = Request("server-a");
            var first = await Settle(_serverA, Accept(2000), request);
            var again = await Settle(_serverA, Accept(2000), request);
            Assert.True(first.Consumed);
            Assert.Equal(RadiusCode.AccessAccept, again.DecidedElsewhere!.Code);
            Assert.Single(_serverA.AuditLog.Query(new AuthenticationLogQuery { UserName = "alice" }));
            Assert.Equal(2000, LastUsedStep);
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task An_HOTP_code_is_used_once_and_moves_the_counter_on(StoreKind kind)
        {
            Open(kind);
            var hotp = new OtpToken("H-ALICE", OtpTokenType.Hotp, OtpSecrets.Generate(OtpAlgorithm.Sha1)) { UserId = _user.Id };
            _serverA.Tokens.Add(hotp);
            var use = CodeUse.Of(hotp, new OtpMatch(3, 0)); // read at counter 0, matched at 3: 4 expected next
            var first = await Settle(_serverA, LoginWrite.Accept(_user.Id, use, _policy), Request("server-a"));
            var again = await Settle(_serverA, LoginWrite.Accept(_user.Id, use, _policy), Request("server-a"));
            Assert.True(first.Consumed);
            Assert.False(again.Consumed);
            Assert.Equal(1, again.Counted!.FailedAttempts);
            Assert.Equal(4, _serverA.Tokens.GetBySerial("H-ALICE")!.Counter);
        }

        // The use sent with the admission takes no user with a lock at all (review R12); one whose lock has run out is admitted
        // by the admission and their code used by the separate statement: accepted, and once.
        [Theory, ClassData(typeof(BothStores))]
        public async Task A_right_code_after_the_lock_ran_out_is_accepted_once(StoreKind kind)
        {
            Open(kind);
            _test!.Execute("UPDATE mfa_user SET locked_until_utc = @until WHERE id = @id", ("@until", StoreDatabase.Time(DateTime.UtcNow.AddMinutes(-1))), ("@id", _user.Id));
            Assert.True((await Settle(_serverA, Accept(3500), Request("server-a"))).Consumed);
            Assert.Equal(3500, LastUsedStep);
            var again = await Settle(_serverA, Accept(3500), Request("server-a"));
            Assert.Equal((LoginIneligibility.None, false), (again.Ineligible, again.Consumed));
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task A_disabled_users_right_code_is_refused_and_stays_unused(StoreKind kind)
        {
            Open(kind);
            _test!.Execute("UPDATE mfa_user SET enabled = 0 WHERE id = @id", ("@id", _user.Id));
            var refused = await Settle(_serverA, Accept(3000), Request("server-a"));
            Assert.Equal((LoginIneligibility.Disabled, false), (refused.Ineligible, refused.Consumed));
            Assert.Null(LastUsedStep);

            _test.Execute("UPDATE mfa_user SET enabled = 1 WHERE id = @id", ("@id", _user.Id));
            Assert.True((await Settle(_serverA, Accept(3000), Request("server-a"))).Consumed);
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task A_code_from_a_token_given_to_another_user_since_is_refused_and_stays_unused(StoreKind kind)
        {
            Open(kind);
            var bob = new MfaUser("bob");
            _serverA.Users.Add(bob);
            _test!.Execute("UPDATE otp_token SET user_id = @bob WHERE id = @token", ("@bob", bob.Id), ("@token", _token.Id));
            var refused = await Settle(_serverA, Accept(4000), Request("server-a"));
            Assert.Equal((LoginIneligibility.TokenRemoved, false), (refused.Ineligible, refused.Consumed));
            Assert.Null(LastUsedStep);
        }

        [Fact]
        public async Task A_login_failing_in_a_batch_fails_alone_and_the_others_codes_and_audit_records_are_committed()
        {
            Open(StoreKind.PostgreSql);
            var members = Enumerable.Range(0, 5).Select(i =>
            {
                var user = new MfaUser("member" + i);
                _serverA.Users.Add(user);
                var token = new OtpToken("T-member" + i, OtpTokenType.Totp, OtpSecrets.Generate(OtpAlgorithm.Sha1)) { UserId = user.Id };
                _serverA.Tokens.Add(token);
                return (User: user, Token: token);
            }).ToList();
            var releases = HoldEveryWriter();
            var writes = members.Select((member, i) => _serverA.Logins.SettleAsync(
                LoginWrite.Accept(member.User.Id, CodeUse.Of(member.Token, new OtpMatch(5000, 0)), _policy), Request("server-a"),
                settled => i == 2 ? throw new InvalidOperationException("a fault in one login's work")
                    : new LoginRecord(Record(member.User.UserName, settled), new RecordedAnswer(RadiusCode.AccessAccept)))).ToList();
            var wrong = Settle(_serverA, LoginWrite.WrongCode(_user.Id, _policy), Request("server-a"));
            releases.ForEach(release => release.Set());

            await Assert.ThrowsAsync<InvalidOperationException>(() => writes[2]);
            foreach (var i in new[] { 0, 1, 3, 4 })
            {
                Assert.True((await writes[i]).Consumed);
                Assert.Equal(5000, _serverA.Tokens.GetBySerial("T-member" + i)!.LastUsedStep);
            }
            Assert.Equal(1, (await wrong).Counted!.FailedAttempts);
            Assert.Null(_serverA.Tokens.GetBySerial("T-member2")!.LastUsedStep); // its code is not used up
            Assert.Equal(new[] { "member0", "member1", "member3", "member4" },
                _serverA.AuditLog.Query(new AuthenticationLogQuery { UserName = "member*" }).Select(record => record.UserName).OrderBy(name => name));
            Assert.Single(_serverA.AuditLog.Query(new AuthenticationLogQuery { UserName = "alice" }));
        }

        // The transaction's time bounds (StoreWriteTimeoutSeconds) go with the login's first statements, not ahead of them:
        // still set before the admission waits for the user's row, so PostgreSQL ends the wait, not the client's own timeout.
        [Fact]
        public async Task A_login_waiting_for_a_users_row_held_elsewhere_is_ended_by_the_stores_lock_bound()
        {
            Open(StoreKind.PostgreSql);
            ((SqlLoginStore)_serverA.Logins).WriteTimeout = () => TimeSpan.FromSeconds(2);
            using var elsewhere = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(_test!.ConnectionString) { Pooling = false }.ConnectionString);
            elsewhere.Open();
            using var holding = elsewhere.BeginTransaction();
            using (var take = new Npgsql.NpgsqlCommand("SELECT id FROM mfa_user WHERE id = @id FOR UPDATE", elsewhere, holding))
            {
                take.Parameters.AddWithValue("id", _user.Id);
                take.ExecuteScalar();
            }

            var failed = await Assert.ThrowsAsync<StoreException>(() => Settle(_serverA, Accept(7000), Request("server-a")));
            Exception? cause = failed;
            while (cause != null && !(cause is Npgsql.PostgresException)) cause = cause.InnerException;
            Assert.Contains(Assert.IsType<Npgsql.PostgresException>(cause).SqlState, new[] { "55P03", "57014" }); // lock_timeout, statement_timeout
            holding.Rollback();
            Assert.Null(LastUsedStep);
            Assert.True((await Settle(_serverA, Accept(7000), Request("server-a"))).Consumed);
        }

        // Every writer busy in a write of its own; the first one let go takes what was queued meanwhile as one batch.
        private List<ManualResetEventSlim> HoldEveryWriter()
        {
            var releases = new List<ManualResetEventSlim>();
            for (int i = 0; i < PostgreSqlWriteQueue.MaxWriters; i++)
            {
                using var entered = new ManualResetEventSlim();
                var release = new ManualResetEventSlim();
                _ = _serverA.Logins.SettleAsync(LoginWrite.AuditOnly, Request("server-a"), settled =>
                {
                    entered.Set();
                    release.Wait(Ample);
                    return new LoginRecord(Record("holder", settled), RecordedAnswer.Reject());
                });
                Assert.True(entered.Wait(Ample));
                releases.Add(release);
            }
            return releases;
        }

        public void Dispose() => _test?.Dispose();
    }
}
