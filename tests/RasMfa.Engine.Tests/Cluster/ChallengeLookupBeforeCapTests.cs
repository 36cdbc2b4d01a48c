using System;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;
using RasMfa.Engine.Tests.Mfa;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Cluster
{
    /// <summary>
    /// Review of decide-once (issue 12): the in-flight cap (MaxRequestsInFlight) lets second rounds in first, and tells them
    /// by asking the handler whether their State is open (IOpenChallengeLookup, "cheaply"). Since challenges moved to the
    /// store, that question is a store read, made on the receive loop before the cap is applied: a flood of requests with
    /// made-up States, which the cap exists to shed, now costs the store one read each.
    /// </summary>
    public sealed class ChallengeLookupBeforeCapTests : TwoServersTests
    {
        private static readonly byte[] Secret = Encoding.ASCII.GetBytes("lookup-before-cap-secret-0123456");

        [Theory, ClassData(typeof(BothStores))]
        public async Task Requests_with_made_up_States_shed_by_the_in_flight_cap_cost_the_store_nothing(StoreKind kind)
        {
            _s = new TwoServers(kind);
            var client = new RadiusClientDefinition("ras", IpNetwork.Parse("192.0.2.0/24"), Secret);
            var store = new ChallengeReadCounter(_s.Store.Logins);
            var settings = new MfaSettings { MaxRequestsInFlight = 16 };
            var handler = new MfaRequestHandler(store, () => settings, new ChallengeStore(store, () => _s.Now, () => settings), NullLogger.Instance, () => _s.Now);
            var gate = new InFlightGate(() => settings.MaxRequestsInFlight);
            var processor = new RequestProcessor(() => new ClientRegistry(new[] { client }), handler, new ServerCounters(),
                new DuplicateCache(TimeSpan.FromSeconds(10)), new StatusServerLimiter(), gate, NullLogger.Instance);
            // The listener is at its cap: 16 logins being decided.
            for (int i = 0; i < settings.MaxRequestsInFlight; i++) Assert.True(gate.TryEnter(secondRound: false));

            const int flood = 200;
            for (int i = 0; i < flood; i++)
            {
                var datagram = PacketSigner.EncodeRequest(RequestWithMadeUpState(i), Secret);
                Assert.Null(await processor.ProcessAsync(datagram, datagram.Length, new IPEndPoint(IPAddress.Parse("192.0.2.10"), 40000 + i), CancellationToken.None));
            }
            Assert.Equal(flood, processor.Counters.Snapshot().DroppedByReason[nameof(DropReason.InFlightLimit)]);
            Assert.Equal(0, store.ChallengeReads);
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task Past_a_full_cap_a_second_round_goes_on_where_its_State_was_seen_and_waits_its_turn_on_a_server_that_never_saw_it(StoreKind kind)
        {
            _s = new TwoServers(kind);
            var token = _s.Enrol("alice");
            var settings = new MfaSettings { MaxRequestsInFlight = 16 };
            var (opener, gateA) = Listener(_s.A);
            var (other, gateB) = Listener(_s.B);
            var opened = await Process(opener, _s.Request("alice", ""), 41000);
            Assert.Equal(RadiusCode.AccessChallenge, (RadiusCode)opened![0]);
            RadiusPacket.TryParse(opened, out var challenge);
            var state = challenge!.Find(RadiusAttributeType.State)!.Value;
            // Both listeners at their cap.
            for (int i = 0; i < settings.MaxRequestsInFlight; i++)
            {
                Assert.True(gateA.TryEnter(secondRound: false));
                Assert.True(gateB.TryEnter(secondRound: false));
            }

            // Failover: the other server has not seen the State, so under the flood its second round waits as a first round does.
            Assert.Null(await Process(other, _s.Request("alice", _s.CodeAt(token), state), 41001));
            Assert.Equal(1, other.Counters.Snapshot().DroppedByReason[nameof(DropReason.InFlightLimit)]);
            var accepted = await Process(opener, _s.Request("alice", _s.CodeAt(token), state), 41002);
            Assert.Equal(RadiusCode.AccessAccept, (RadiusCode)accepted![0]);

            (RequestProcessor, InFlightGate) Listener(MfaRequestHandler handler)
            {
                var gate = new InFlightGate(() => settings.MaxRequestsInFlight);
                return (new RequestProcessor(() => new ClientRegistry(new[] { _s.Client }), handler, new ServerCounters(),
                    new DuplicateCache(TimeSpan.FromSeconds(10)), new StatusServerLimiter(), gate, NullLogger.Instance), gate);
            }
        }

        private static async Task<byte[]?> Process(RequestProcessor processor, RadiusPacket request, int port)
        {
            var datagram = PacketSigner.EncodeRequest(request, TwoServers.Secret);
            return await processor.ProcessAsync(datagram, datagram.Length, new IPEndPoint(IPAddress.Parse("192.0.2.10"), port), CancellationToken.None);
        }

        private static RadiusPacket RequestWithMadeUpState(int i)
        {
            var authenticator = new byte[16];
            var state = new byte[ChallengeStore.StateLength];
            using (var random = RandomNumberGenerator.Create())
            {
                random.GetBytes(authenticator);
                random.GetBytes(state);
            }
            var request = new RadiusPacket(RadiusCode.AccessRequest, (byte)i, authenticator);
            request.Add(RadiusAttribute.FromText(RadiusAttributeType.UserName, "user" + i));
            request.Add(new RadiusAttribute(RadiusAttributeType.State, state));
            request.Add(new RadiusAttribute(RadiusAttributeType.UserPassword, PapPassword.Hide(Encoding.UTF8.GetBytes("123456"), Secret, authenticator)));
            return request;
        }

        private sealed class ChallengeReadCounter : DelegatingLoginStore
        {
            private int _reads;

            public ChallengeReadCounter(ILoginStore inner) : base(inner) { }

            public int ChallengeReads => Volatile.Read(ref _reads);

            public override PendingChallenge? FindChallenge(byte[] state)
            {
                Interlocked.Increment(ref _reads);
                return base.FindChallenge(state);
            }
        }
    }
}
