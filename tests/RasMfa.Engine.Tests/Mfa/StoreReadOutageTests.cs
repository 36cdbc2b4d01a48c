using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Mfa.Stages;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>
    /// While the store cannot be read (its server unreachable: the user, the challenge, the names a first factor returned),
    /// a login is answered as one whose write failed, by StoreUnavailableAnswer, never Accept and never as a fault of the
    /// listener; it is counted, logged at a limited rate, its audit record kept to be written; and once the store answers
    /// again the next login is decided as usual, with nothing restarted.
    /// </summary>
    public sealed class StoreReadOutageTests : IDisposable
    {
        private const string RightPassword = "Correct horse 1";
        private readonly MemoryLog _log = new MemoryLog();
        private readonly MfaFixture _f;
        private readonly UnreachableLoginStore _logins;
        private readonly MfaRequestHandler _handler;
        private readonly RasMfa.Engine.Tokens.OtpToken _token;
        private string? _returnedName;

        public StoreReadOutageTests()
        {
            _f = new MfaFixture();
            _token = _f.Enrol("alice");
            _logins = new UnreachableLoginStore(_f.Store.Logins);
            var challenges = new ChallengeStore(_logins, () => _f.Now, () => _f.Settings);
            _handler = new MfaRequestHandler(_logins, () => _f.Settings, challenges, _log.CreateLogger("RasMfa.Mfa"), () => _f.Now,
                client => client.FirstFactor == FirstFactor.UpstreamRadius ? new Upstream(this) : null);
        }

        public void Dispose()
        {
            _log.Dispose();
            _f.Dispose();
        }

        private void Answering(StoreUnavailableAnswer answer) => _f.Settings = new MfaSettings { StoreUnavailableAnswer = answer, LockoutThreshold = 3 };

        /// <summary>What the client sees: the answer's code, or "none" when the listener sends nothing (it drops the request).</summary>
        private async Task<string> Seen(string userName, string password, byte[]? state = null)
        {
            try
            {
                return (await _f.PapAsync(userName, password, state, handler: _handler)).Code.ToString();
            }
            catch (AnswerWithheldException)
            {
                return "none";
            }
        }

        private string[] Logged(string prefix) => _log.Since(0).Select(entry => entry.Level + ": " + entry.Message).Where(line => line.StartsWith(prefix, StringComparison.Ordinal)).ToArray();

        private IReadOnlyList<AuthenticationRecord> Audit() => _f.Store.AuditLog.Query(new AuthenticationLogQuery());

        [Theory]
        [InlineData(StoreUnavailableAnswer.Silence, "none")]
        [InlineData(StoreUnavailableAnswer.Reject, "AccessReject")]
        public async Task The_right_code_while_the_store_cannot_be_read_gets_the_configured_answer_and_is_accepted_once_it_can(StoreUnavailableAnswer answer, string expected)
        {
            Answering(answer);
            var code = _f.CodeAt(_token);
            _logins.Down = true;

            Assert.Equal(expected, await Seen("alice", code));
            Assert.Equal(expected, await Seen("mallory", code)); // an unknown name alike

            Assert.Equal(2, _handler.Outage.LoginsAnswered);       // Get-RasMfaRadiusServer's StoreUnavailableLogins
            Assert.Equal(2, _handler.UnwrittenAudit.Waiting);      // their records, kept to be written
            _logins.Down = false;

            Assert.Equal("AccessAccept", await Seen("alice", code)); // the code was not used: nothing was written
            await _handler.UnwrittenAudit.StoreIsWritable();
            var records = Audit();
            Assert.Equal(3, records.Count);
            Assert.Equal(2, records.Count(r => r.Result == "Reject" && r.Reason.StartsWith("the store could not be read", StringComparison.Ordinal)));
            Assert.Single(records, r => r.Result == "Accept" && r.UserName == "alice");
        }

        [Fact]
        public async Task An_outage_is_logged_once_when_it_begins_and_once_when_it_ends_and_the_records_at_the_unwritten_audit_logs_rate()
        {
            Answering(StoreUnavailableAnswer.Silence);
            int logins = UnwrittenAuditLog.FullLinesPerPeriod + 10;
            _logins.Down = true;
            for (int i = 0; i < logins; i++) Assert.Equal("none", await Seen("alice", "000000"));

            Assert.Single(Logged("Error: The store cannot be used"));
            Assert.Equal(UnwrittenAuditLog.FullLinesPerPeriod, Logged("Error: Audit record not written (").Length);
            Assert.Single(Logged($"Error: More than {UnwrittenAuditLog.FullLinesPerPeriod} audit records were not written"));
            // The outage, the records in full, the "more than" line (6000, at Error as documented): nothing else, no fault per login.
            Assert.Equal(2 + UnwrittenAuditLog.FullLinesPerPeriod, Logged("Error: ").Length);

            // The next rate period: the records held back are summed up in one line, and none of the outage's lines repeats.
            _f.Now += UnwrittenAuditLog.Period;
            Assert.Equal("none", await Seen("alice", "000000"));
            Assert.Single(Logged("Error: 10 more audit records were not written in the last period"));
            Assert.Single(Logged("Error: The store cannot be used"));

            _logins.Down = false;
            Assert.Equal("AccessAccept", await Seen("alice", _f.CodeAt(_token)));
            var ended = Assert.Single(Logged("Warning: The store can be used again after"));
            Assert.Contains($"{logins + 1} logins were answered as StoreUnavailableAnswer says", ended);
            await _handler.UnwrittenAudit.StoreIsWritable();
            Assert.Equal(logins + 2, Audit().Count);
        }

        [Fact]
        public async Task A_second_round_whose_challenge_cannot_be_read_is_withheld_and_its_retransmission_accepted_once_the_store_answers()
        {
            Answering(StoreUnavailableAnswer.Silence);
            var challenge = await _f.PapAsync("alice", "", handler: _handler);
            Assert.Equal(RadiusCode.AccessChallenge, challenge.Code);
            var code = _f.CodeAt(_token);
            _logins.Down = true;

            Assert.Equal("none", await Seen("alice", code, challenge.State));
            _logins.Down = false;

            Assert.Equal("AccessAccept", await Seen("alice", code, challenge.State));
        }

        [Fact]
        public async Task A_reserved_password_attempt_whose_login_could_not_read_the_store_is_given_back()
        {
            Answering(StoreUnavailableAnswer.Reject);
            _f.Client.FirstFactor = FirstFactor.UpstreamRadius;
            _f.Client.RequireUserMatch = false;
            // The upstream returns another name for the account: reading its user, after the reservation and the password, fails.
            _returnedName = "CORP\\alice";
            _logins.OnlyFindOf = _returnedName;
            _logins.Down = true;

            for (int i = 0; i < 5; i++) Assert.Equal("AccessReject", await Seen("alice", RightPassword));

            Assert.Equal(5, _handler.Outage.LoginsAnswered);
            Assert.Equal(0, _f.Store.Users.Get("alice")!.FailedAttempts); // not locked by its own right password, past the threshold of 3
            _logins.Down = false;
            Assert.Equal("AccessChallenge", await Seen("alice", RightPassword));
        }

        private sealed class Upstream : IFirstFactorChecker
        {
            private readonly StoreReadOutageTests _test;

            public Upstream(StoreReadOutageTests test) => _test = test;

            public Task<FirstFactorResult> CheckAsync(string userName, byte[] password, CancellationToken cancellationToken)
            {
                var attributes = new List<RadiusAttribute>();
                if (_test._returnedName != null) attributes.Add(RadiusAttribute.FromText(RadiusAttributeType.UserName, _test._returnedName));
                return Task.FromResult(System.Text.Encoding.UTF8.GetString(password) == RightPassword
                    ? new FirstFactorResult(FirstFactorOutcome.Accepted, "accepted by the stand-in upstream", attributes)
                    : new FirstFactorResult(FirstFactorOutcome.Rejected, "rejected by the stand-in upstream"));
            }
        }
    }
}
