using System;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Client;
using Xunit;

namespace RasMfa.Engine.Tests.FirstFactors
{
    /// <summary>
    /// The password checked by an upstream RADIUS server (NPS): only a reply that verifies decides, and by default it must be
    /// signed with Message-Authenticator (BlastRADIUS, CVE-2024-3596). Anything else is ignored as if it had not arrived.
    /// </summary>
    public sealed class UpstreamReplyTests : IDisposable
    {
        private readonly FakeUpstream _upstream = new FakeUpstream();
        private readonly UpstreamReplyLog _replyLog = new UpstreamReplyLog(NullLogger.Instance, TimeSpan.FromSeconds(10));

        public void Dispose() => _upstream.Dispose();

        // One second where the test waits for no valid reply (Unavailable); where a valid reply comes, it ends the wait at
        // once, so a longer timeout costs nothing and keeps a loaded machine from turning the answer into Unavailable.
        private UpstreamRadiusServer Server(bool requireMessageAuthenticator = true, int timeoutSeconds = 1) =>
            new UpstreamRadiusServer("nps1", "127.0.0.1", FakeUpstream.Secret)
            {
                Port = _upstream.Port,
                TimeoutSeconds = timeoutSeconds,
                Retries = 0,
                RequireMessageAuthenticator = requireMessageAuthenticator,
            };

        private Task<FirstFactorResult> Check(UpstreamRadiusServer server) =>
            new UpstreamRadiusChecker(new[] { server }, _replyLog).CheckAsync("alice", Encoding.UTF8.GetBytes("wonderland"), CancellationToken.None);

        [Fact]
        public void A_new_upstream_server_requires_Message_Authenticator()
        {
            Assert.True(new UpstreamRadiusServer("nps1", "10.0.0.5", FakeUpstream.Secret).RequireMessageAuthenticator);
        }

        [Fact]
        public async Task The_request_to_the_upstream_carries_a_valid_Message_Authenticator()
        {
            _upstream.Answer = request => new[] { FakeUpstream.Signed(request, RadiusCode.AccessReject) };
            await Check(Server(timeoutSeconds: 10));
            var (request, signature) = Assert.Single(_upstream.Requests);
            Assert.Equal(MessageAuthenticatorStatus.Valid, signature);
            Assert.Equal(RadiusAttributeType.MessageAuthenticator, request.Attributes[0].Type);
        }

        [Fact]
        public async Task A_signed_Accept_is_taken()
        {
            _upstream.Answer = request => new[] { FakeUpstream.Signed(request, RadiusCode.AccessAccept, RadiusAttribute.FromText(RadiusAttributeType.Class, "ras-users")) };
            var result = await Check(Server(timeoutSeconds: 10));
            Assert.Equal(FirstFactorOutcome.Accepted, result.Outcome);
            Assert.Contains(result.ReplyAttributes, a => a.Type == RadiusAttributeType.Class && a.AsText() == "ras-users");
        }

        [Fact]
        public async Task An_unsigned_Accept_is_refused_by_default_and_the_audit_reason_says_why()
        {
            _upstream.Answer = request => new[] { FakeUpstream.Unsigned(request, RadiusCode.AccessAccept) };
            var result = await Check(Server());
            Assert.Equal(FirstFactorOutcome.Unavailable, result.Outcome);
            Assert.Contains("nps1: replies carried no Message-Authenticator", result.Reason);
            Assert.Equal(1L, _replyLog.Totals()[nameof(ReplyDiscard.MissingMessageAuthenticator)]);
        }

        [Fact]
        public async Task An_unsigned_Reject_is_refused_too_so_an_attacker_cannot_steer_lockouts()
        {
            _upstream.Answer = request => new[] { FakeUpstream.Unsigned(request, RadiusCode.AccessReject) };
            Assert.Equal(FirstFactorOutcome.Unavailable, (await Check(Server())).Outcome);
        }

        [Fact]
        public async Task An_Accept_with_a_wrong_Message_Authenticator_is_refused_even_when_signing_is_not_required()
        {
            _upstream.Answer = request => new[] { FakeUpstream.BadlySigned(request, RadiusCode.AccessAccept) };
            Assert.Equal(FirstFactorOutcome.Unavailable, (await Check(Server())).Outcome);
            Assert.Equal(FirstFactorOutcome.Unavailable, (await Check(Server(requireMessageAuthenticator: false))).Outcome);
            Assert.Equal(2L, _replyLog.Totals()[nameof(ReplyDiscard.BadMessageAuthenticator)]);
        }

        [Fact]
        public async Task An_Accept_with_a_wrong_Response_Authenticator_is_refused()
        {
            _upstream.Answer = request => new[] { FakeUpstream.WrongResponseAuthenticator(request, RadiusCode.AccessAccept) };
            Assert.Equal(FirstFactorOutcome.Unavailable, (await Check(Server())).Outcome);
            Assert.Equal(1L, _replyLog.Totals()[nameof(ReplyDiscard.BadResponseAuthenticator)]);
        }

        [Fact]
        public async Task An_Accept_with_another_Identifier_is_refused()
        {
            _upstream.Answer = request => new[] { FakeUpstream.Signed(request, unchecked((byte)(request.Identifier + 1)), RadiusCode.AccessAccept) };
            Assert.Equal(FirstFactorOutcome.Unavailable, (await Check(Server())).Outcome);
            Assert.Equal(1L, _replyLog.Totals()[nameof(ReplyDiscard.WrongIdentifier)]);
        }

        [Fact]
        public async Task With_the_setting_off_an_unsigned_Accept_is_taken()
        {
            _upstream.Answer = request => new[] { FakeUpstream.Unsigned(request, RadiusCode.AccessAccept) };
            Assert.Equal(FirstFactorOutcome.Accepted, (await Check(Server(requireMessageAuthenticator: false, timeoutSeconds: 10))).Outcome);
        }

        [Fact]
        public async Task A_forged_Accept_ahead_of_the_real_Reject_is_ignored_and_the_Reject_decides()
        {
            _upstream.Answer = request => new[]
            {
                FakeUpstream.Unsigned(request, RadiusCode.AccessAccept),
                FakeUpstream.BadlySigned(request, RadiusCode.AccessAccept),
                FakeUpstream.Signed(request, RadiusCode.AccessReject),
            };
            var result = await Check(Server(timeoutSeconds: 10));
            Assert.Equal(FirstFactorOutcome.Rejected, result.Outcome);
            Assert.Equal("password rejected by nps1", result.Reason);
        }

        [Fact]
        public async Task An_Accept_from_another_port_is_ignored_and_the_real_Reject_decides()
        {
            _upstream.AnswerFromElsewhere = request => new[] { FakeUpstream.Signed(request, RadiusCode.AccessAccept) };
            _upstream.Answer = request => new[] { FakeUpstream.Signed(request, RadiusCode.AccessReject) };
            Assert.Equal(FirstFactorOutcome.Rejected, (await Check(Server(timeoutSeconds: 10))).Outcome);
        }

        [Fact]
        public void The_verifier_refuses_a_reply_from_another_address_or_port_whatever_the_socket_lets_through()
        {
            // A connected socket already filters by source; the verifier must not depend on it.
            var request = new RadiusPacket(RadiusCode.AccessRequest, 7, Enumerable.Range(1, 16).Select(i => (byte)i).ToArray());
            var requestBytes = PacketSigner.EncodeRequest(request, FakeUpstream.Secret);
            var server = new IPEndPoint(IPAddress.Loopback, 1812);
            var verifier = new ReplyVerifier(requestBytes, server, FakeUpstream.Secret, requireMessageAuthenticator: true);
            var reply = FakeUpstream.Signed(request, RadiusCode.AccessAccept);

            Assert.NotNull(verifier.Verify(reply, new IPEndPoint(IPAddress.Loopback, 1812), out _, out bool signed));
            Assert.True(signed);
            Assert.Null(verifier.Verify(reply, new IPEndPoint(IPAddress.Loopback, 1813), out var wrongPort, out _));
            Assert.Null(verifier.Verify(reply, new IPEndPoint(IPAddress.Parse("127.0.0.2"), 1812), out var wrongAddress, out _));
            Assert.Equal((ReplyDiscard.WrongSource, ReplyDiscard.WrongSource), (wrongPort, wrongAddress));
        }

        [Fact]
        public void The_verifier_refuses_a_datagram_that_is_not_an_Access_reply()
        {
            var request = new RadiusPacket(RadiusCode.AccessRequest, 7, Enumerable.Range(1, 16).Select(i => (byte)i).ToArray());
            var requestBytes = PacketSigner.EncodeRequest(request, FakeUpstream.Secret);
            var server = new IPEndPoint(IPAddress.Loopback, 1812);
            var verifier = new ReplyVerifier(requestBytes, server, FakeUpstream.Secret, requireMessageAuthenticator: true);
            Assert.Null(verifier.Verify(FakeUpstream.Signed(request, RadiusCode.AccessRequest), server, out var discard, out _));
            Assert.Equal(ReplyDiscard.Malformed, discard);
        }
    }
}
