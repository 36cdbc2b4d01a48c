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
    public class RequestProcessorTests
    {
        private static readonly byte[] Secret = Encoding.ASCII.GetBytes("processor-test-secret-0123456789");
        private static readonly IPEndPoint Nas = new IPEndPoint(IPAddress.Parse("192.0.2.10"), 40000);
        private readonly RadiusClientDefinition _client = new RadiusClientDefinition("nas", IpNetwork.Parse("192.0.2.0/24"), Secret);

        private RequestProcessor Processor(IAccessRequestHandler? handler = null, StatusServerLimiter? limiter = null) =>
            new RequestProcessor(() => new ClientRegistry(new[] { _client }), handler ?? new RejectAllHandler(), new ServerCounters(),
                new DuplicateCache(TimeSpan.FromSeconds(10)), limiter ?? new StatusServerLimiter(), new InFlightGate(() => 4000), NullLogger.Instance);

        private static RadiusPacket AccessRequest(byte identifier = 7)
        {
            var authenticator = new byte[16];
            new Random(identifier).NextBytes(authenticator);
            var packet = new RadiusPacket(RadiusCode.AccessRequest, identifier, authenticator);
            packet.Add(RadiusAttribute.FromText(RadiusAttributeType.UserName, "alice"));
            packet.Add(new RadiusAttribute(RadiusAttributeType.UserPassword, PapPassword.Hide(Encoding.UTF8.GetBytes("pw"), Secret, authenticator)));
            return packet;
        }

        private static Task<byte[]?> Send(RequestProcessor processor, byte[] bytes, IPEndPoint? from = null) =>
            processor.ProcessAsync(bytes, bytes.Length, from ?? Nas, CancellationToken.None);

        [Fact]
        public async Task A_signed_request_gets_a_verifiable_reject_with_message_authenticator_first()
        {
            var processor = Processor();
            var request = AccessRequest();
            var reply = await Send(processor, PacketSigner.EncodeRequest(request, Secret));
            Assert.NotNull(reply);
            Assert.Equal((byte)RadiusCode.AccessReject, reply![0]);
            Assert.Equal(RadiusAttributeType.MessageAuthenticator, reply[20]);
            Assert.True(PacketSigner.VerifyResponseAuthenticator(reply, reply.Length, request.Authenticator, Secret));
            Assert.Equal(1, processor.Counters.Snapshot().Rejected);
        }

        [Fact]
        public async Task Unknown_source_unsigned_and_wrongly_signed_requests_are_dropped_and_counted()
        {
            var processor = Processor();
            Assert.Null(await Send(processor, PacketSigner.EncodeRequest(AccessRequest(), Secret), new IPEndPoint(IPAddress.Parse("198.51.100.1"), 1)));
            Assert.Null(await Send(processor, AccessRequest(2).Encode()));
            Assert.Null(await Send(processor, PacketSigner.EncodeRequest(AccessRequest(3), Encoding.ASCII.GetBytes("wrong-secret-wrong-secret"))));
            var counters = processor.Counters.Snapshot();
            Assert.Equal(1, counters.DroppedByReason[nameof(DropReason.UnknownClient)]);
            Assert.Equal(1, counters.DroppedByReason[nameof(DropReason.MissingMessageAuthenticator)]);
            Assert.Equal(1, counters.DroppedByReason[nameof(DropReason.BadMessageAuthenticator)]);
            Assert.Equal(0, counters.Requests);
        }

        [Fact]
        public async Task Without_the_requirement_an_unsigned_request_is_answered_unless_proxy_state_is_limited()
        {
            _client.RequireMessageAuthenticator = false;
            var processor = Processor();
            Assert.NotNull(await Send(processor, AccessRequest(1).Encode()));
            _client.LimitProxyState = true;
            var withProxyState = AccessRequest(2).Add(new RadiusAttribute(RadiusAttributeType.ProxyState, new byte[] { 1, 2 }));
            Assert.Null(await Send(processor, withProxyState.Encode()));
            Assert.Equal(1, processor.Counters.Snapshot().DroppedByReason[nameof(DropReason.ProxyStateWithoutMessageAuthenticator)]);
        }

        [Fact]
        public async Task A_retransmission_gets_the_same_bytes_and_a_new_request_a_new_answer()
        {
            var processor = Processor();
            var bytes = PacketSigner.EncodeRequest(AccessRequest(), Secret);
            var first = await Send(processor, bytes);
            var again = await Send(processor, bytes);
            Assert.Equal(first, again);
            Assert.Equal(1, processor.Counters.Snapshot().Duplicates);
            Assert.Equal(1, processor.Counters.Snapshot().Requests);
            var other = await Send(processor, PacketSigner.EncodeRequest(AccessRequest(8), Secret));
            Assert.NotEqual(first, other);
        }

        [Fact]
        public async Task A_duplicate_of_a_request_still_in_progress_is_dropped()
        {
            var gate = new TaskCompletionSource<AccessDecision>();
            var processor = Processor(new DelegateHandler(_ => gate.Task));
            var bytes = PacketSigner.EncodeRequest(AccessRequest(), Secret);
            var first = Send(processor, bytes);
            Assert.Null(await Send(processor, bytes));
            gate.SetResult(AccessDecision.Reject());
            Assert.NotNull(await first);
            Assert.Equal(1, processor.Counters.Snapshot().DroppedByReason[nameof(DropReason.DuplicateInProgress)]);
        }

        [Fact]
        public async Task A_failing_handler_costs_one_answer_not_the_listener_and_the_retry_is_handled_afresh()
        {
            int calls = 0;
            var processor = Processor(new DelegateHandler(_ => ++calls == 1 ? throw new InvalidOperationException("boom") : Task.FromResult(AccessDecision.Accept())));
            var bytes = PacketSigner.EncodeRequest(AccessRequest(), Secret);
            Assert.Null(await Send(processor, bytes));
            var retry = await Send(processor, bytes);
            Assert.Equal((byte)RadiusCode.AccessAccept, retry![0]);
            Assert.Equal(1, processor.Counters.Snapshot().DroppedByReason[nameof(DropReason.HandlerFault)]);
        }

        [Fact]
        public async Task A_handler_cancelled_by_its_own_timeout_while_the_server_runs_is_a_fault_and_the_retry_is_handled_afresh()
        {
            // An HTTP client's timeout (a delivery provider, Graph) surfaces as an OperationCanceledException though nobody stops
            // the server: the retransmission must be decided, not dropped as "still in progress" for the in-progress lifetime.
            int calls = 0;
            var processor = Processor(new DelegateHandler(_ => ++calls == 1 ? throw new TaskCanceledException("timed out") : Task.FromResult(AccessDecision.Accept())));
            var bytes = PacketSigner.EncodeRequest(AccessRequest(), Secret);
            Assert.Null(await Send(processor, bytes));
            var retry = await Send(processor, bytes);
            Assert.Equal((byte)RadiusCode.AccessAccept, retry![0]);
            Assert.Equal(1, processor.Counters.Snapshot().DroppedByReason[nameof(DropReason.HandlerFault)]);
        }

        [Fact]
        public async Task Reject_keeps_only_reply_message_and_proxy_state_in_order()
        {
            var decision = AccessDecision.Reject("No.");
            decision.Attributes.Add(RadiusAttribute.FromInteger(27, 60));
            var processor = Processor(new DelegateHandler(_ => Task.FromResult(decision)));
            var request = AccessRequest()
                .Add(new RadiusAttribute(RadiusAttributeType.ProxyState, new byte[] { 1 }))
                .Add(new RadiusAttribute(RadiusAttributeType.ProxyState, new byte[] { 2 }));
            var reply = await Send(processor, PacketSigner.EncodeRequest(request, Secret));
            RadiusPacket.TryParse(reply, out var parsed);
            Assert.Equal(new byte[] { 80, 18, 33, 33 }, parsed!.Attributes.Select(a => a.Type).ToArray());
            Assert.Equal(new byte[] { 1, 2 }, parsed.FindAll(33).Select(a => a.Value[0]).ToArray());
        }

        [Fact]
        public async Task Challenge_carries_one_state_returned_unchanged()
        {
            var state = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
            var processor = Processor(new DelegateHandler(_ => Task.FromResult(AccessDecision.Challenge(state, "Enter the code"))));
            var reply = await Send(processor, PacketSigner.EncodeRequest(AccessRequest(), Secret));
            RadiusPacket.TryParse(reply, out var parsed);
            Assert.Equal(RadiusCode.AccessChallenge, parsed!.Code);
            Assert.Equal(state, parsed.Find(RadiusAttributeType.State)!.Value);
            Assert.Equal(1, parsed.Count(RadiusAttributeType.State));
        }

        [Fact]
        public async Task A_request_with_only_a_user_name_reaches_the_handler()
        {
            var processor = Processor();
            var bare = new RadiusPacket(RadiusCode.AccessRequest, 3, new byte[16]).Add(RadiusAttribute.FromText(RadiusAttributeType.UserName, "alice"));
            Assert.NotNull(await Send(processor, PacketSigner.EncodeRequest(bare, Secret)));
        }

        [Fact]
        public async Task Invalid_requests_and_unknown_codes_are_dropped()
        {
            var processor = Processor();
            var twoPasswords = AccessRequest().Add(new RadiusAttribute(RadiusAttributeType.ChapPassword, new byte[17]));
            Assert.Null(await Send(processor, PacketSigner.EncodeRequest(twoPasswords, Secret)));
            var accounting = new RadiusPacket(RadiusCode.AccountingRequest, 1, new byte[16]).Add(RadiusAttribute.FromText(1, "a"));
            Assert.Null(await Send(processor, PacketSigner.EncodeRequest(accounting, Secret)));
            Assert.Null(await Send(processor, new byte[10]));
            var counters = processor.Counters.Snapshot();
            Assert.Equal(1, counters.DroppedByReason[nameof(DropReason.InvalidRequest)]);
            Assert.Equal(1, counters.DroppedByReason[nameof(DropReason.UnknownCode)]);
            Assert.Equal(1, counters.DroppedByReason[nameof(DropReason.BadLength)]);
        }

        [Fact]
        public async Task Status_server_is_answered_only_when_signed_and_within_its_rate()
        {
            var now = DateTime.UtcNow;
            var processor = Processor(limiter: new StatusServerLimiter(perSecond: 1, burst: 2, clock: () => now));
            RadiusPacket Status(byte id) => new RadiusPacket(RadiusCode.StatusServer, id, Enumerable.Repeat(id, 16).ToArray());
            Assert.Null(await Send(processor, Status(1).Encode()));
            var request = Status(2);
            var reply = await Send(processor, PacketSigner.EncodeRequest(request, Secret));
            Assert.Equal((byte)RadiusCode.AccessAccept, reply![0]);
            Assert.True(PacketSigner.VerifyResponseAuthenticator(reply, reply.Length, request.Authenticator, Secret));
            Assert.NotNull(await Send(processor, PacketSigner.EncodeRequest(Status(3), Secret)));
            Assert.Null(await Send(processor, PacketSigner.EncodeRequest(Status(4), Secret)));
            now = now.AddSeconds(1);
            Assert.NotNull(await Send(processor, PacketSigner.EncodeRequest(Status(5), Secret)));
            Assert.Equal(1, processor.Counters.Snapshot().DroppedByReason[nameof(DropReason.StatusServerRateLimited)]);
        }

        private sealed class DelegateHandler : IAccessRequestHandler
        {
            private readonly Func<AccessRequestContext, Task<AccessDecision>> _decide;

            public DelegateHandler(Func<AccessRequestContext, Task<AccessDecision>> decide) => _decide = decide;

            public Task<AccessDecision> DecideAsync(AccessRequestContext context, CancellationToken cancellationToken) => _decide(context);
        }
    }
}
