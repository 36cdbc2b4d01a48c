using System;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;
using Xunit;

namespace RasMfa.Engine.Tests.Radius
{
    /// <summary>
    /// Found by the fuzz harness (tests/RasMfa.Fuzz, request target): a signed request whose Proxy-State fills the packet
    /// made a reply longer than RADIUS's 4096 octets, and the encoder's exception escaped RequestProcessor after the login
    /// had been decided (a code used, a challenge opened), leaving the retransmission stuck "in progress".
    /// </summary>
    public class OversizeReplyTests
    {
        private static readonly byte[] Secret = Encoding.ASCII.GetBytes("oversize-reply-secret-0123456789");
        private static readonly IPEndPoint Nas = new IPEndPoint(IPAddress.Parse("192.0.2.10"), 40000);
        private static readonly string LongestPrompt = new string('p', 253);
        private readonly RadiusClientDefinition _client = new RadiusClientDefinition("nas", IpNetwork.Parse("192.0.2.0/24"), Secret);
        private int _decisions;

        private RequestProcessor Processor(Func<AccessDecision> decide) =>
            new RequestProcessor(() => new ClientRegistry(new[] { _client }), new CountingHandler(() => { _decisions++; return decide(); }), new ServerCounters(),
                new DuplicateCache(TimeSpan.FromSeconds(10)), new StatusServerLimiter(), new InFlightGate(() => 4000), NullLogger.Instance);

        /// <summary>A signed username-only request with Proxy-State attributes adding up to <paramref name="proxyStateOctets"/> (headers included).</summary>
        private static byte[] RequestWithProxyState(int proxyStateOctets)
        {
            var request = new RadiusPacket(RadiusCode.AccessRequest, 9, Enumerable.Range(1, 16).Select(i => (byte)i).ToArray());
            request.Add(RadiusAttribute.FromText(RadiusAttributeType.UserName, "alice"));
            for (byte seed = 0; proxyStateOctets > 0; seed++)
            {
                int value = Math.Min(RadiusAttribute.MaxValueLength, proxyStateOctets - 2);
                request.Add(new RadiusAttribute(RadiusAttributeType.ProxyState, Enumerable.Repeat(seed, value).ToArray()));
                proxyStateOctets -= value + 2;
            }
            return PacketSigner.EncodeRequest(request, Secret);
        }

        private static Task<byte[]?> Send(RequestProcessor processor, byte[] bytes) => processor.ProcessAsync(bytes, bytes.Length, Nas, CancellationToken.None);

        [Fact]
        public async Task A_request_whose_proxy_state_leaves_no_room_for_a_reply_is_dropped_before_it_is_decided()
        {
            var processor = Processor(() => AccessDecision.Challenge(new byte[16], LongestPrompt));
            var bytes = RequestWithProxyState(RadiusPacket.MaxLength - 20 - 7 - 18);
            Assert.Equal(RadiusPacket.MaxLength, bytes.Length);

            Assert.Null(await Send(processor, bytes));

            Assert.Equal(0, _decisions);
            Assert.Equal(1, processor.Counters.Snapshot().DroppedByReason[nameof(DropReason.InvalidRequest)]);
        }

        [Fact]
        public async Task Proxy_state_up_to_the_limit_is_copied_in_order_into_a_challenge_with_the_longest_prompt()
        {
            var processor = Processor(() => AccessDecision.Challenge(new byte[16], LongestPrompt));
            var bytes = RequestWithProxyState(ResponseBuilder.MaxProxyStateOctets);

            var reply = await Send(processor, bytes);

            Assert.NotNull(reply);
            Assert.True(reply!.Length <= RadiusPacket.MaxLength);
            Assert.Equal(PacketError.None, RadiusPacket.TryParse(reply, out var challenge));
            Assert.Equal(PacketError.None, RadiusPacket.TryParse(bytes, out var request));
            Assert.Equal(request!.FindAll(RadiusAttributeType.ProxyState).Select(a => Convert.ToBase64String(a.Value)),
                challenge!.FindAll(RadiusAttributeType.ProxyState).Select(a => Convert.ToBase64String(a.Value)));
        }

        [Fact]
        public async Task A_decision_too_long_for_one_packet_is_not_sent_and_the_retransmission_is_decided_afresh()
        {
            // What an upstream's Access-Accept may hand on (PassUpstreamAttributes): more than one packet can carry.
            var processor = Processor(() =>
            {
                var accept = AccessDecision.Accept();
                for (int i = 0; i < 17; i++) accept.Attributes.Add(new RadiusAttribute(25, new byte[RadiusAttribute.MaxValueLength]));
                return accept;
            });
            var bytes = RequestWithProxyState(0);

            Assert.Null(await Send(processor, bytes));
            Assert.Null(await Send(processor, bytes));

            Assert.Equal(2, _decisions);
            var counters = processor.Counters.Snapshot();
            Assert.Equal(2, counters.DroppedByReason[nameof(DropReason.ReplyTooLong)]);
            Assert.Equal(0, counters.DroppedByReason[nameof(DropReason.DuplicateInProgress)]);
            Assert.Equal(0, counters.Accepted);
        }

        // Found by the same harness: a Status-Server carrying Proxy-State was answered without it.
        [Fact]
        public async Task A_status_server_reply_copies_proxy_state_in_order()
        {
            var processor = Processor(() => AccessDecision.Reject());
            var request = new RadiusPacket(RadiusCode.StatusServer, 3, new byte[16])
                .Add(new RadiusAttribute(RadiusAttributeType.ProxyState, new byte[] { 1, 2 }))
                .Add(new RadiusAttribute(RadiusAttributeType.ProxyState, new byte[] { 3 }));

            var reply = await Send(processor, PacketSigner.EncodeRequest(request, Secret));

            Assert.Equal(PacketError.None, RadiusPacket.TryParse(reply, out var accept));
            Assert.Equal(RadiusCode.AccessAccept, accept!.Code);
            Assert.Equal(new[] { "AQI=", "Aw==" }, accept.FindAll(RadiusAttributeType.ProxyState).Select(a => Convert.ToBase64String(a.Value)));
        }

        private sealed class CountingHandler : IAccessRequestHandler
        {
            private readonly Func<AccessDecision> _decide;

            public CountingHandler(Func<AccessDecision> decide) => _decide = decide;

            public Task<AccessDecision> DecideAsync(AccessRequestContext context, CancellationToken cancellationToken) => Task.FromResult(_decide());
        }
    }
}
