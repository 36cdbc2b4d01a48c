using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
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
    /// The receive side of issue 16: dedicated receive threads that answer a request needing no wait themselves and never
    /// wait on one that does, and on Linux several sockets sharing the port (SO_REUSEPORT).
    /// </summary>
    public class ReceiveThreadTests
    {
        private static readonly byte[] Secret = Encoding.ASCII.GetBytes("receive-test-secret-0123456789ab");

        private static RadiusServer Server(IAccessRequestHandler handler, int socketsPerAddress = 0, int threadsPerSocket = 0)
        {
            var client = new RadiusClientDefinition("loopback", IpNetwork.Parse("127.0.0.0/8"), Secret);
            var processor = new RequestProcessor(() => new ClientRegistry(new[] { client }), handler, new ServerCounters(),
                new DuplicateCache(TimeSpan.FromSeconds(10)), new StatusServerLimiter(), new InFlightGate(() => 4000), NullLogger.Instance);
            var server = new RadiusServer(processor, NullLogger.Instance);
            server.Start(new[] { IPAddress.Loopback }, 0, socketsPerAddress: socketsPerAddress, threadsPerSocket: threadsPerSocket);
            return server;
        }

        private static byte[] Request(string user, byte identifier, out byte[] authenticator)
        {
            authenticator = Guid.NewGuid().ToByteArray();
            var packet = new RadiusPacket(RadiusCode.AccessRequest, identifier, authenticator)
                .Add(RadiusAttribute.FromText(RadiusAttributeType.UserName, user))
                .Add(new RadiusAttribute(RadiusAttributeType.UserPassword, PapPassword.Hide(Encoding.ASCII.GetBytes("123456"), Secret, authenticator)));
            return PacketSigner.EncodeRequest(packet, Secret);
        }

        private static Socket Nas(RadiusServer server)
        {
            var nas = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 10_000 };
            nas.Connect(server.Endpoints[0]);
            return nas;
        }

        [Fact]
        public void A_request_decided_without_a_wait_is_answered_by_the_thread_that_received_it()
        {
            var handler = new AcceptHandler();
            using var server = Server(handler);
            using var nas = Nas(server);
            nas.Send(Request("alice", 7, out var authenticator));

            var reply = new byte[4096];
            int length = nas.Receive(reply);
            Assert.Equal((byte)RadiusCode.AccessAccept, reply[0]);
            Assert.Equal(7, reply[1]);
            Assert.True(PacketSigner.VerifyResponseAuthenticator(reply, length, authenticator, Secret));
            // Decided on a receive thread, not handed to the thread pool first.
            Assert.Equal(new[] { "RasMfa RADIUS receive" }, handler.Threads.Distinct().ToArray());
            Assert.True(SpinWait.SpinUntil(() => server.Handling == 0, TimeSpan.FromSeconds(10)));
        }

        [Fact]
        public void A_request_that_waits_does_not_hold_up_the_next_one_on_the_same_receive_thread()
        {
            var handler = new HoldingHandler("slow");
            using var server = Server(handler, socketsPerAddress: 1, threadsPerSocket: 1);
            using var nas = Nas(server);
            nas.Send(Request("slow", 1, out var slowAuthenticator));
            Assert.True(handler.Held.Wait(TimeSpan.FromSeconds(10)), "the first request never reached the handler");

            // The only receive thread must be free again: the second request is answered while the first still waits.
            nas.Send(Request("fast", 2, out var fastAuthenticator));
            var reply = new byte[4096];
            int length = nas.Receive(reply);
            Assert.Equal(2, reply[1]);
            Assert.True(PacketSigner.VerifyResponseAuthenticator(reply, length, fastAuthenticator, Secret));
            // The answer leaves just before its request is counted done; the held one stays in flight.
            Assert.True(SpinWait.SpinUntil(() => server.Handling == 1, TimeSpan.FromSeconds(10)), $"{server.Handling} requests in flight");

            handler.Release.SetResult(AccessDecision.Reject());
            length = nas.Receive(reply);
            Assert.Equal((byte)RadiusCode.AccessReject, reply[0]);
            Assert.Equal(1, reply[1]);
            Assert.True(PacketSigner.VerifyResponseAuthenticator(reply, length, slowAuthenticator, Secret));
            Assert.True(SpinWait.SpinUntil(() => server.Handling == 0, TimeSpan.FromSeconds(10)));
        }

        [Fact]
        public void Sockets_sharing_the_port_answer_every_request_once()
        {
            var handler = new AcceptHandler();
            // One thread per socket: two threads deciding means both sockets received.
            using var server = Server(handler, socketsPerAddress: 2, threadsPerSocket: 1);
            Assert.Single(server.Endpoints);
            Assert.Equal(ListeningSockets.CanSharePort ? 2 : 1, server.SocketCount);

            // Many source ports, so that the kernel's hash on them spreads the requests over both sockets.
            const int clients = 32, perClient = 8;
            var nases = Enumerable.Range(0, clients).Select(_ => Nas(server)).ToArray();
            try
            {
                var authenticators = new Dictionary<(int, byte), byte[]>();
                for (int c = 0; c < clients; c++)
                    for (byte id = 0; id < perClient; id++)
                    {
                        nases[c].Send(Request("user" + c, id, out var authenticator));
                        authenticators[(c, id)] = authenticator;
                    }
                for (int c = 0; c < clients; c++)
                {
                    var answered = new HashSet<byte>();
                    var reply = new byte[4096];
                    for (int n = 0; n < perClient; n++)
                    {
                        int length = nases[c].Receive(reply);
                        Assert.True(answered.Add(reply[1]), $"request {reply[1]} of client {c} answered twice");
                        Assert.True(PacketSigner.VerifyResponseAuthenticator(reply, length, authenticators[(c, reply[1])], Secret));
                    }
                    // Every request answered; none more is on its way (all were decided before their answers were sent).
                    nases[c].ReceiveTimeout = 50;
                    Assert.Throws<SocketException>(() => nases[c].Receive(reply));
                }
                Assert.Equal(clients * perClient, handler.Threads.Count);
                Assert.Equal(server.SocketCount, handler.ThreadIds.Distinct().Count());
            }
            finally
            {
                foreach (var nas in nases) nas.Dispose();
            }
        }

        private sealed class AcceptHandler : IAccessRequestHandler
        {
            public ConcurrentQueue<string?> Threads { get; } = new ConcurrentQueue<string?>();

            public ConcurrentQueue<int> ThreadIds { get; } = new ConcurrentQueue<int>();

            public Task<AccessDecision> DecideAsync(AccessRequestContext context, CancellationToken cancellationToken)
            {
                Threads.Enqueue(Thread.CurrentThread.Name);
                ThreadIds.Enqueue(Thread.CurrentThread.ManagedThreadId);
                return Task.FromResult(AccessDecision.Accept());
            }
        }

        /// <summary>Holds the named user's request until the test releases it, as a first factor or the store's commit would; accepts the rest at once.</summary>
        private sealed class HoldingHandler : IAccessRequestHandler
        {
            private readonly string _held;

            public HoldingHandler(string held) => _held = held;

            public ManualResetEventSlim Held { get; } = new ManualResetEventSlim();

            public TaskCompletionSource<AccessDecision> Release { get; } = new TaskCompletionSource<AccessDecision>(TaskCreationOptions.RunContinuationsAsynchronously);

            public Task<AccessDecision> DecideAsync(AccessRequestContext context, CancellationToken cancellationToken)
            {
                if (context.UserName != _held) return Task.FromResult(AccessDecision.Accept());
                Held.Set();
                return Release.Task;
            }
        }
    }
}
