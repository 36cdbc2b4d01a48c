using System;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Storage;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>
    /// A login's write whose commit went in while the listener saw an error (the connection lost on the way back from the
    /// commit: the outcome unknown). The login is answered as the store unavailable (no Accept), its record kept in the
    /// spool and written again when the store takes writes: the audit log must then hold the decision once, not the
    /// committed Accept and the spooled record both; and RAS's retransmission of the request gets the answer kept with it.
    /// </summary>
    public sealed class UnknownCommitOutcomeTests : IDisposable
    {
        private static readonly byte[] Secret = Encoding.ASCII.GetBytes("unknown-commit-shared-secret-0123");
        private readonly RadiusClientDefinition _client = new RadiusClientDefinition("ras", IpNetwork.Parse("192.0.2.0/24"), Secret);
        private readonly DateTime _now = new DateTime(2026, 11, 28, 8, 0, 5, DateTimeKind.Utc);
        private TestStore? _test;
        private CommitLostLoginStore _logins = null!;
        private MfaRequestHandler _handler = null!;
        private OtpToken _token = null!;
        private byte _identifier;

        private void Open(StoreKind kind)
        {
            _test = TestStore.Open(kind);
            var store = _test.Store;
            var user = new MfaUser("alice");
            store.Users.Add(user);
            _token = new OtpToken("token-alice", OtpTokenType.Totp, OtpSecrets.Generate(OtpAlgorithm.Sha1)) { UserId = user.Id };
            store.Tokens.Add(_token);
            _logins = new CommitLostLoginStore(store.Logins);
            // Silence, as behind RAS active-active: RAS sends the request again.
            var settings = new MfaSettings { StoreUnavailableAnswer = StoreUnavailableAnswer.Silence };
            _handler = new MfaRequestHandler(_logins, () => settings, new ChallengeStore(_logins, () => _now, () => settings), NullLogger.Instance, () => _now);
        }

        public void Dispose() => _test?.Dispose();

        private string Code() => OtpCalculator.TotpForStep(_token, OtpCalculator.TimeStep(_now, _token.Period));

        private RadiusPacket Request(string password)
        {
            var authenticator = new byte[16];
            new Random(_identifier).NextBytes(authenticator);
            var request = new RadiusPacket(RadiusCode.AccessRequest, _identifier++, authenticator);
            request.Add(RadiusAttribute.FromText(RadiusAttributeType.UserName, "alice"));
            request.Add(new RadiusAttribute(RadiusAttributeType.UserPassword, PapPassword.Hide(Encoding.UTF8.GetBytes(password), Secret, authenticator)));
            return request;
        }

        private Task<AccessDecision> Send(RadiusPacket request) =>
            _handler.DecideAsync(new AccessRequestContext(request, _client, new IPEndPoint(IPAddress.Parse("192.0.2.10"), 5000), true), CancellationToken.None);

        private AuthenticationRecord[] Audited() => new System.Collections.Generic.List<AuthenticationRecord>(
            _test!.Store.AuditLog.Read(new AuthenticationLogQuery { UserName = "alice" })).ToArray();

        [Theory]
        [ClassData(typeof(BothStores))]
        public async Task A_login_whose_commit_went_in_unacknowledged_is_audited_once_after_the_spool_is_written(StoreKind kind)
        {
            Open(kind);
            _logins.LoseCommits(1);

            await Assert.ThrowsAsync<AnswerWithheldException>(() => Send(Request(Code())));   // no Accept sent
            Assert.Equal(1, _handler.UnwrittenAudit.Waiting);
            await _handler.UnwrittenAudit.StoreIsWritable();

            Assert.Equal(0, _handler.UnwrittenAudit.Waiting);
            var record = Assert.Single(Audited());
            // The store's record of what the write did: the code accepted and spent (and no Accept sent, so nobody got in).
            Assert.Equal("Accept", record.Result);
            Assert.Equal((long?)OtpCalculator.TimeStep(_now, _token.Period), _test!.Store.Tokens.GetBySerial("token-alice")!.LastUsedStep);
        }

        [Theory]
        [ClassData(typeof(BothStores))]
        public async Task A_spooled_record_whose_own_write_went_in_unacknowledged_is_stored_once(StoreKind kind)
        {
            Open(kind);
            _logins.FailWrites(1);
            await Assert.ThrowsAsync<AnswerWithheldException>(() => Send(Request("000000")));
            _logins.LoseCommits(1);

            await _handler.UnwrittenAudit.StoreIsWritable();   // written, but seen as failed: kept
            Assert.Equal(1, _handler.UnwrittenAudit.Waiting);
            await _handler.UnwrittenAudit.StoreIsWritable();   // written again

            Assert.Equal(0, _handler.UnwrittenAudit.Waiting);
            Assert.Equal("Reject", Assert.Single(Audited()).Result);
        }

        [Theory]
        [ClassData(typeof(BothStores))]
        public async Task The_retransmission_of_a_login_whose_commit_went_in_unacknowledged_gets_its_Accept_and_a_new_request_with_the_code_does_not(StoreKind kind)
        {
            Open(kind);
            var code = Code();
            var request = Request(code);
            _logins.LoseCommits(1);
            await Assert.ThrowsAsync<AnswerWithheldException>(() => Send(request));

            // RAS sends the same datagram again: the answer recorded with the decision, which that write made.
            Assert.Equal(RadiusCode.AccessAccept, (await Send(request)).Code);
            // The code was spent by that write: a new login with it is a replay.
            Assert.Equal(RadiusCode.AccessReject, (await Send(Request(code))).Code);

            await _handler.UnwrittenAudit.StoreIsWritable();
            var records = Audited();
            Assert.Equal(2, records.Length);
            Assert.Equal("Accept", records[0].Result);
            Assert.Equal("Reject", records[1].Result);
        }
    }
}
