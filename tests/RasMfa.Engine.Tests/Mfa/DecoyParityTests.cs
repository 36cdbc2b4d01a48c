using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>
    /// Asked for a code, an unknown, unenrolled, disabled or locked user gets a decoy challenge; what follows must be on the
    /// wire what a real user's wrong codes get: the same codes, Reply-Messages, attributes and sizes, try after try, to
    /// the same end. Only the audit log tells them apart.
    /// </summary>
    public sealed class DecoyParityTests : IDisposable
    {
        private readonly MfaFixture _f = new MfaFixture();
        private readonly RequestProcessor _processor;
        private byte _identifier;

        public DecoyParityTests()
        {
            _processor = new RequestProcessor(() => new ClientRegistry(new[] { _f.Client }), _f.Handler, new ServerCounters(),
                new DuplicateCache(TimeSpan.FromSeconds(10)), new StatusServerLimiter(), new InFlightGate(() => 4000), NullLogger.Instance);
            var alice = _f.Enrol("alice");
            _f.Store.Users.Add(new MfaUser("dave"));
            _f.Enrol("erin");
            var erin = _f.Store.Users.Get("erin")!;
            erin.Enabled = false;
            _f.Store.Users.Update(erin);
            _f.Enrol("lou");
            _f.Store.Users.RecordFailure(_f.Store.Users.Get("lou")!.Id, 1, TimeSpan.FromHours(1), _f.Now);
            var window = new HashSet<string>(Enumerable.Range(-3, 7).Select(offset => _f.CodeAt(alice, offset)));
            WrongCode = Enumerable.Range(100000, 10).Select(n => n.ToString()).First(code => !window.Contains(code));
        }

        private string WrongCode { get; }

        public void Dispose()
        {
            _f.Store.Dispose();
            _f.Dispose();
        }

        [Theory]
        [InlineData(3)]
        [InlineData(1)]
        [InlineData(5)]
        public async Task Every_try_after_a_decoy_challenge_is_answered_as_a_real_users_wrong_code(int maxAttempts)
        {
            _f.Settings = new MfaSettings { ChallengeMaxAttempts = maxAttempts };
            var real = await ChallengeThenWrongCodes("alice");
            Assert.Equal(maxAttempts + 1, real.Count);
            Assert.All(real.Take(maxAttempts), reply => Assert.Equal(RadiusCode.AccessChallenge, reply.Code));
            Assert.Equal(RadiusCode.AccessReject, real.Last().Code);
            if (maxAttempts > 1) Assert.StartsWith("Wrong code.", real[1].ReplyMessage);

            foreach (var name in new[] { "nobody", "dave", "erin", "lou" })
            {
                var decoy = await ChallengeThenWrongCodes(name);
                Assert.Equal(real.Select(r => r.Describe()), decoy.Select(r => r.Describe()));
            }
            Assert.Equal(maxAttempts, _f.Store.Users.Get("alice")!.FailedAttempts);
        }

        // A real user's failures lock at the threshold (10 by default, 3 tries a challenge): the 4th challenge's first code
        // locks alice. Were it rejected at once, the 4th challenge would tell her name from an unknown one, which never locks.
        [Fact]
        public async Task Wrong_codes_past_the_threshold_are_answered_alike_for_real_and_unknown_names()
        {
            var real = new List<string>();
            var decoy = new List<string>();
            for (int challenge = 0; challenge < 5; challenge++)
            {
                real.Add(string.Join(" | ", (await ChallengeThenWrongCodes("alice")).Select(r => r.Describe())));
                decoy.Add(string.Join(" | ", (await ChallengeThenWrongCodes("nobody")).Select(r => r.Describe())));
            }
            Assert.Equal(decoy, real);
            Assert.True(_f.Store.Users.Get("alice")!.IsLockedAt(_f.Now));
            // The audit log keeps the truth: the code that locked, then the rounds refused as locked.
            var reasons = _f.Store.AuditLog.Query(new Audit.AuthenticationLogQuery { UserName = "alice" }).Select(r => r.Reason).ToList();
            Assert.Equal(1, reasons.Count(r => r.StartsWith(DecisionReason.NowLocked, StringComparison.Ordinal)));
            Assert.Contains(reasons, r => r.StartsWith(DecisionReason.Locked + " (after a decoy challenge)", StringComparison.Ordinal));
        }

        // A challenge opened before the lock (by another session of the attacker): its next code is asked again as a decoy's
        // is, to the same end, and decides nothing: the right code is not accepted from a locked user.
        [Fact]
        public async Task A_challenge_open_when_the_user_locks_answers_as_a_decoy_would()
        {
            var token = _f.Store.Tokens.GetBySerial("token-alice")!;
            var held = await Send("alice", "", null);
            var heldDecoy = await Send("nobody", "", null);
            for (int i = 0; i < 10; i++) await Send("alice", WrongCode, null);      // code-only wrong codes lock alice (threshold 10)
            for (int i = 0; i < 10; i++) await Send("nobody", WrongCode, null);
            Assert.True(_f.Store.Users.Get("alice")!.IsLockedAt(_f.Now));

            var real = new List<WireReply> { held };
            var decoy = new List<WireReply> { heldDecoy };
            while (real.Last().Code == RadiusCode.AccessChallenge && real.Count <= 12)
                real.Add(await Send("alice", OtpCalculator.TotpForStep(token, OtpCalculator.TimeStep(_f.Now, token.Period)), real.Last().State));
            while (decoy.Last().Code == RadiusCode.AccessChallenge && decoy.Count <= 12) decoy.Add(await Send("nobody", WrongCode, decoy.Last().State));
            Assert.Equal(decoy.Select(r => r.Describe()), real.Select(r => r.Describe()));
            Assert.DoesNotContain(real, r => r.Code == RadiusCode.AccessAccept);
            Assert.Null(_f.Store.Tokens.GetBySerial("token-alice")!.LastUsedStep);
            Assert.StartsWith(DecisionReason.Locked, _f.Store.AuditLog.Query(new Audit.AuthenticationLogQuery { UserName = "alice", Last = 1 })[0].Reason);
        }

        [Fact]
        public async Task A_wrong_code_without_a_challenge_is_answered_alike_for_every_name()
        {
            var real = await Send("alice", WrongCode, null);
            Assert.Equal(RadiusCode.AccessReject, real.Code);
            foreach (var name in new[] { "nobody", "dave", "erin", "lou" }) Assert.Equal(real.Describe(), (await Send(name, WrongCode, null)).Describe());
        }

        [Fact]
        public async Task A_decoys_second_round_may_write_the_name_another_way_as_a_real_users_may()
        {
            var real = await Send("CORP\\alice", "", null);
            var decoy = await Send("CORP\\nobody", "", null);
            var realAgain = await Send("alice@corp.example", WrongCode, real.State);
            var decoyAgain = await Send("nobody@corp.example", WrongCode, decoy.State);
            Assert.Equal(RadiusCode.AccessChallenge, realAgain.Code);
            Assert.Equal(realAgain.Describe(), decoyAgain.Describe());
        }

        [Fact]
        public async Task The_audit_log_still_records_why_a_decoy_was_refused()
        {
            await ChallengeThenWrongCodes("nobody");
            await ChallengeThenWrongCodes("erin");
            var nobody = _f.Store.AuditLog.Query(new Audit.AuthenticationLogQuery { UserName = "nobody" });
            Assert.Equal(new[] { "Challenge", "Challenge", "Challenge", "Reject" }, nobody.Select(r => r.Result).ToArray());
            Assert.All(nobody, r => Assert.StartsWith(DecisionReason.UnknownUser, r.Reason));
            Assert.Contains("decoy", nobody.Last().Reason);
            Assert.All(_f.Store.AuditLog.Query(new Audit.AuthenticationLogQuery { UserName = "erin" }), r => Assert.StartsWith(DecisionReason.Disabled, r.Reason));
            Assert.Equal(0, _f.Store.Users.Get("erin")!.FailedAttempts);
        }

        // An empty password (asking for a code), then wrong codes with each State until the answer is no longer a challenge.
        private async Task<List<WireReply>> ChallengeThenWrongCodes(string userName)
        {
            var replies = new List<WireReply> { await Send(userName, "", null) };
            while (replies.Last().Code == RadiusCode.AccessChallenge && replies.Count <= 12) replies.Add(await Send(userName, WrongCode, replies.Last().State));
            return replies;
        }

        private async Task<WireReply> Send(string userName, string password, byte[]? state)
        {
            var authenticator = new byte[16];
            new Random(_identifier).NextBytes(authenticator);
            var request = new RadiusPacket(RadiusCode.AccessRequest, _identifier++, authenticator);
            request.Add(RadiusAttribute.FromText(RadiusAttributeType.UserName, userName));
            request.Add(new RadiusAttribute(RadiusAttributeType.UserPassword, PapPassword.Hide(Encoding.UTF8.GetBytes(password), MfaFixture.Secret, authenticator)));
            if (state != null) request.Add(new RadiusAttribute(RadiusAttributeType.State, state));
            var bytes = PacketSigner.EncodeRequest(request, MfaFixture.Secret);
            var reply = await _processor.ProcessAsync(bytes, bytes.Length, new IPEndPoint(IPAddress.Parse("192.0.2.10"), 5000), CancellationToken.None);
            Assert.NotNull(reply);
            Assert.True(PacketSigner.VerifyResponseAuthenticator(reply!, reply!.Length, authenticator, MfaFixture.Secret));
            Assert.Equal(PacketError.None, RadiusPacket.TryParse(reply, out var packet));
            return new WireReply(packet!, reply.Length);
        }

        /// <summary>A reply as an observer on the wire sees it, less what is random either way (the State's value, the authenticators).</summary>
        private sealed class WireReply
        {
            public WireReply(RadiusPacket packet, int length)
            {
                Code = packet.Code;
                Length = length;
                ReplyMessage = string.Concat(packet.FindAll(RadiusAttributeType.ReplyMessage).Select(a => Encoding.UTF8.GetString(a.Value)));
                Types = packet.Attributes.Select(a => $"{a.Type}:{a.Value.Length}").ToArray();
                State = packet.Find(RadiusAttributeType.State)?.Value;
            }

            public RadiusCode Code { get; }
            public int Length { get; }
            public string ReplyMessage { get; }
            public string[] Types { get; }
            public byte[]? State { get; }

            public string Describe() => $"{Code} {Length} octets, \"{ReplyMessage}\", attributes {string.Join(" ", Types)}";
        }
    }
}
