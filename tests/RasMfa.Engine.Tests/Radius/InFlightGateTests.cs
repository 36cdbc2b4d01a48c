using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;
using RasMfa.Engine.Tests.Mfa;
using Xunit;

namespace RasMfa.Engine.Tests.Radius
{
    /// <summary>Issue 11 item 6: requests in flight are capped before the handler, and answers to open challenges go first.</summary>
    public class InFlightGateTests
    {
        private static readonly byte[] Secret = Encoding.ASCII.GetBytes("in-flight-test-secret-0123456789");
        private static readonly IPEndPoint Nas = new IPEndPoint(IPAddress.Parse("192.0.2.10"), 40000);
        private static readonly byte[] OpenState = Enumerable.Repeat((byte)0x5A, 16).ToArray();
        private readonly RadiusClientDefinition _client = new RadiusClientDefinition("nas", IpNetwork.Parse("192.0.2.0/24"), Secret);

        private RequestProcessor Processor(IAccessRequestHandler handler, int limit) =>
            new RequestProcessor(() => new ClientRegistry(new[] { _client }), handler, new ServerCounters(),
                new DuplicateCache(TimeSpan.FromSeconds(10)), new StatusServerLimiter(), new InFlightGate(() => limit), NullLogger.Instance);

        private static Task<byte[]?> Send(RequestProcessor processor, byte identifier, byte[]? state = null)
        {
            var authenticator = new byte[16];
            new Random(identifier).NextBytes(authenticator);
            var packet = new RadiusPacket(RadiusCode.AccessRequest, identifier, authenticator)
                .Add(RadiusAttribute.FromText(RadiusAttributeType.UserName, "alice"))
                .Add(new RadiusAttribute(RadiusAttributeType.UserPassword, PapPassword.Hide(Encoding.ASCII.GetBytes("123456"), Secret, authenticator)));
            if (state != null) packet.Add(new RadiusAttribute(RadiusAttributeType.State, state));
            var bytes = PacketSigner.EncodeRequest(packet, Secret);
            return processor.ProcessAsync(bytes, bytes.Length, Nas, CancellationToken.None);
        }

        [Fact]
        public async Task Beyond_the_limit_first_rounds_are_dropped_but_answers_to_open_challenges_still_get_in()
        {
            var handler = new HeldHandler();
            var processor = Processor(handler, limit: 4);
            var held = Enumerable.Range(1, 4).Select(i => Send(processor, (byte)i)).ToList();
            Assert.Equal(4, processor.InFlight);

            AssertDropped(Send(processor, 5));
            AssertDropped(Send(processor, 6, state: new byte[16])); // a State no challenge has: a first round for the gate
            Assert.Equal(2, processor.Counters.Snapshot().DroppedByReason[nameof(DropReason.InFlightLimit)]);

            held.Add(Send(processor, 7, OpenState));
            Assert.Equal(5, processor.InFlight);
            Assert.Equal(5, handler.Entered);
            AssertDropped(Send(processor, 8, OpenState)); // the second rounds' allowance (a quarter of 4) is used up too
            Assert.Equal(3, processor.Counters.Snapshot().DroppedByReason[nameof(DropReason.InFlightLimit)]);

            handler.Release();
            foreach (var reply in await Task.WhenAll(held)) Assert.NotNull(reply);
            Assert.Equal(0, processor.InFlight);
            Assert.NotNull(await Send(processor, 5)); // room again, and the dropped request was not left in the duplicate cache
        }

        // A drop happens before the handler, so the call has finished when it returns; one let through waits for the held handler.
        private static void AssertDropped(Task<byte[]?> sent)
        {
            Assert.True(sent.IsCompleted, "the request was let through to the handler");
            Assert.Null(sent.Result);
        }

        [Fact]
        public async Task The_handler_learns_whether_the_request_was_signed()
        {
            _client.RequireMessageAuthenticator = false;
            var seen = new List<bool>();
            var processor = Processor(new RecordingHandler(seen), limit: 16);
            await Send(processor, 1);
            var unsigned = new RadiusPacket(RadiusCode.AccessRequest, 2, new byte[16]).Add(RadiusAttribute.FromText(RadiusAttributeType.UserName, "alice"));
            var bytes = unsigned.Encode();
            await processor.ProcessAsync(bytes, bytes.Length, Nas, CancellationToken.None);
            Assert.Equal(new[] { true, false }, seen);
        }

        [Fact]
        public async Task An_unsigned_request_with_no_password_is_dropped_counted_and_opens_no_challenge()
        {
            using var f = new MfaFixture();
            f.Enrol("alice");
            f.Client.RequireMessageAuthenticator = false;
            var processor = new RequestProcessor(() => new ClientRegistry(new[] { f.Client }), f.Handler, new ServerCounters(),
                new DuplicateCache(TimeSpan.FromSeconds(10)), new StatusServerLimiter(), new InFlightGate(() => 16), NullLogger.Instance);
            var forged = new RadiusPacket(RadiusCode.AccessRequest, 1, Enumerable.Repeat((byte)7, 16).ToArray())
                .Add(RadiusAttribute.FromText(RadiusAttributeType.UserName, "alice")).Encode();
            Assert.Null(await processor.ProcessAsync(forged, forged.Length, Nas, CancellationToken.None));
            Assert.Equal(1, processor.Counters.Snapshot().DroppedByReason[nameof(DropReason.UnsignedChallengeRequest)]);
            Assert.Equal(0, f.Challenges.Count);

            var signed = PacketSigner.EncodeRequest(new RadiusPacket(RadiusCode.AccessRequest, 2, Enumerable.Repeat((byte)8, 16).ToArray())
                .Add(RadiusAttribute.FromText(RadiusAttributeType.UserName, "alice")), MfaFixture.Secret);
            var reply = await processor.ProcessAsync(signed, signed.Length, Nas, CancellationToken.None);
            Assert.Equal((byte)RadiusCode.AccessChallenge, reply![0]);
            Assert.Equal(1, f.Challenges.Count);
        }

        /// <summary>Holds every request until released; knows one State as open.</summary>
        private sealed class HeldHandler : IAccessRequestHandler, IOpenChallengeLookup
        {
            private readonly TaskCompletionSource<AccessDecision> _release = new TaskCompletionSource<AccessDecision>(TaskCreationOptions.RunContinuationsAsynchronously);
            private int _entered;

            public int Entered => Volatile.Read(ref _entered);

            public Task<AccessDecision> DecideAsync(AccessRequestContext context, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref _entered);
                return _release.Task;
            }

            public bool IsKnownOpen(byte[] state, string clientName) => state.SequenceEqual(OpenState);

            public void Release() => _release.SetResult(AccessDecision.Reject());
        }

        private sealed class RecordingHandler : IAccessRequestHandler
        {
            private readonly List<bool> _seen;

            public RecordingHandler(List<bool> seen) => _seen = seen;

            public Task<AccessDecision> DecideAsync(AccessRequestContext context, CancellationToken cancellationToken)
            {
                _seen.Add(context.MessageAuthenticated);
                return Task.FromResult(AccessDecision.Reject());
            }
        }
    }
}
