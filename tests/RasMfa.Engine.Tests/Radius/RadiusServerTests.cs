using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Clients;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;
using RasMfa.Engine.Tests.Mfa;
using Xunit;

namespace RasMfa.Engine.Tests.Radius
{
    /// <summary>The UDP side over loopback: draining on stop (issue 11 item 11), the receive buffer and kernel drops (item 7).</summary>
    public class RadiusServerTests
    {
        private static readonly byte[] Secret = Encoding.ASCII.GetBytes("server-test-secret-0123456789ab");

        private static RadiusServer Server(IAccessRequestHandler handler, int receiveBufferBytes = 4 * 1024 * 1024)
        {
            var client = new RadiusClientDefinition("loopback", IpNetwork.Parse("127.0.0.0/8"), Secret);
            var processor = new RequestProcessor(() => new ClientRegistry(new[] { client }), handler, new ServerCounters(),
                new DuplicateCache(TimeSpan.FromSeconds(10)), new StatusServerLimiter(), new InFlightGate(() => 4000), NullLogger.Instance);
            var server = new RadiusServer(processor, NullLogger.Instance);
            server.Start(new[] { IPAddress.Loopback }, 0, receiveBufferBytes);
            return server;
        }

        private static byte[] SignedRequest(byte identifier, out byte[] authenticator)
        {
            authenticator = new byte[16];
            new Random(identifier).NextBytes(authenticator);
            var packet = new RadiusPacket(RadiusCode.AccessRequest, identifier, authenticator)
                .Add(RadiusAttribute.FromText(RadiusAttributeType.UserName, "alice"))
                .Add(new RadiusAttribute(RadiusAttributeType.UserPassword, PapPassword.Hide(Encoding.ASCII.GetBytes("123456"), Secret, authenticator)));
            return PacketSigner.EncodeRequest(packet, Secret);
        }

        [Fact]
        public async Task A_stop_issued_while_a_request_is_being_decided_still_sends_its_answer()
        {
            var handler = new SlowHandler();
            var server = Server(handler);
            using var nas = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 10_000 };
            nas.Connect(server.Endpoints[0]);
            nas.Send(SignedRequest(1, out var authenticator));
            Assert.True(handler.Entered.Wait(TimeSpan.FromSeconds(10)), "the request never reached the handler");

            // The handler is, say, waiting for the store's commit of a used-up code when the admin stops the listener.
            var stop = Task.Run(() => server.Dispose());
            Assert.True(SpinWait.SpinUntil(() => server.Stopping, TimeSpan.FromSeconds(10)));
            Assert.False(stop.IsCompleted, "the stop did not wait for the request in flight");
            handler.Release.SetResult(AccessDecision.Accept());

            var reply = new byte[4096];
            int length = nas.Receive(reply);
            Assert.Equal((byte)RadiusCode.AccessAccept, reply[0]);
            Assert.True(PacketSigner.VerifyResponseAuthenticator(reply, length, authenticator, Secret));
            await stop;
            Assert.Equal(0, server.Handling);
        }

        [Fact]
        public async Task A_login_stopped_while_its_first_factor_is_slow_gets_its_accept_and_its_code_stays_used()
        {
            var directory = new SlowFirstFactor();
            using var f = new MfaFixture(_ => directory);
            var token = f.Enrol("alice");
            var client = new RadiusClientDefinition("loopback", IpNetwork.Parse("127.0.0.0/8"), MfaFixture.Secret)
            {
                FirstFactor = FirstFactor.UpstreamRadius,
                OtpMode = OtpMode.Appended,
            };
            var processor = new RequestProcessor(() => new ClientRegistry(new[] { client }), f.Handler, new ServerCounters(),
                new DuplicateCache(TimeSpan.FromSeconds(10)), new StatusServerLimiter(), new InFlightGate(() => 4000), NullLogger.Instance);
            var server = new RadiusServer(processor, NullLogger.Instance);
            server.Start(new[] { IPAddress.Loopback }, 0);
            using var nas = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 10_000 };
            nas.Connect(server.Endpoints[0]);
            var authenticator = Enumerable.Repeat((byte)3, 16).ToArray();
            var request = new RadiusPacket(RadiusCode.AccessRequest, 1, authenticator)
                .Add(RadiusAttribute.FromText(RadiusAttributeType.UserName, "alice"))
                .Add(new RadiusAttribute(RadiusAttributeType.UserPassword,
                    PapPassword.Hide(Encoding.ASCII.GetBytes("Correct horse 1" + f.CodeAt(token)), MfaFixture.Secret, authenticator)));
            nas.Send(PacketSigner.EncodeRequest(request, MfaFixture.Secret));
            Assert.True(directory.Entered.Wait(TimeSpan.FromSeconds(10)), "the first factor was never asked");

            var stop = Task.Run(() => server.Dispose());
            Assert.True(SpinWait.SpinUntil(() => server.Stopping, TimeSpan.FromSeconds(10)));
            directory.Release.SetResult(new FirstFactorResult(FirstFactorOutcome.Accepted, "ok"));

            var reply = new byte[4096];
            int length = nas.Receive(reply);
            Assert.Equal((byte)RadiusCode.AccessAccept, reply[0]);
            Assert.True(PacketSigner.VerifyResponseAuthenticator(reply, length, authenticator, MfaFixture.Secret));
            await stop;
            Assert.Equal(RasMfa.Engine.Mfa.DecisionReason.CodeAccepted, f.LastReason());
        }

        [Fact]
        public void A_stop_with_nothing_in_flight_does_not_wait()
        {
            var server = Server(new RejectAllHandler());
            var started = DateTime.UtcNow;
            server.Dispose();
            Assert.True(DateTime.UtcNow - started < RadiusServer.DrainTimeout);
        }

        [Fact]
        public void The_receive_buffer_is_sized_as_asked()
        {
            const int asked = 4 * 1024 * 1024;
            using var server = Server(new RejectAllHandler(), asked);
            // Run as root (as here) Linux takes the size whatever net.core.rmem_max says; otherwise rmem_max must allow it.
            Assert.False(ReceiveBuffer.WasCapped(asked, server.ReceiveBufferBytes, ReceiveBuffer.ReportsDoubled), $"the kernel reports {server.ReceiveBufferBytes} octets");
        }

        [Fact]
        public void A_buffer_smaller_than_asked_counts_as_capped()
        {
            Assert.True(ReceiveBuffer.WasCapped(4_194_304, 425_984, linux: true)); // rmem_max's usual 212,992, doubled
            Assert.False(ReceiveBuffer.WasCapped(4_194_304, 8_388_608, linux: true));
            Assert.True(ReceiveBuffer.WasCapped(4_194_304, 4_194_303, linux: false));
            Assert.False(ReceiveBuffer.WasCapped(4_194_304, 4_194_304, linux: false));
        }

        [Fact]
        public void Kernel_drops_are_read_from_the_sockets_row()
        {
            const string table =
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n" +
                "  412: 0100007F:0714 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 55501 2 0000000000000000 0\n" +
                "  977: 00000000:D2A1 00000000:0000 07 00000000:00034000 00:00000000 00000000     0        0 55502 2 0000000000000000 1744\n";
            Assert.Equal(1744, KernelDropCounter.Parse(table, 55502));
            Assert.Equal(0, KernelDropCounter.Parse(table, 55501));
            Assert.Null(KernelDropCounter.Parse(table, 1));
        }

        [Fact]
        public void Datagrams_the_kernel_discards_for_a_full_buffer_are_counted()
        {
            // The net472 build is Windows PowerShell's, which cannot tell drops per socket: it reads none, under Mono too.
            bool perSocket = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);
#if NETFRAMEWORK
            perSocket = false;
#endif
            if (!perSocket)
            {
                Assert.Null(KernelDropCounter.Of(new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)));
                return;
            }
            using var full = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4096 };
            full.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            Assert.Equal(0, KernelDropCounter.Of(full));
            using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            // Loopback delivers (or drops) within the send call, and nothing reads the socket: most of these cannot fit.
            for (int i = 0; i < 200; i++) sender.SendTo(new byte[100], full.LocalEndPoint!);
            Assert.True(KernelDropCounter.Of(full) > 100, $"drops read: {KernelDropCounter.Of(full)}");
        }

        /// <summary>A directory that answers only when the test says so, as one slow to bind would.</summary>
        private sealed class SlowFirstFactor : IFirstFactorChecker
        {
            public ManualResetEventSlim Entered { get; } = new ManualResetEventSlim();

            public TaskCompletionSource<FirstFactorResult> Release { get; } = new TaskCompletionSource<FirstFactorResult>(TaskCreationOptions.RunContinuationsAsynchronously);

            public Task<FirstFactorResult> CheckAsync(string userName, byte[] password, CancellationToken cancellationToken)
            {
                Entered.Set();
                return Release.Task;
            }
        }

        private sealed class SlowHandler : IAccessRequestHandler
        {
            public ManualResetEventSlim Entered { get; } = new ManualResetEventSlim();

            public TaskCompletionSource<AccessDecision> Release { get; } = new TaskCompletionSource<AccessDecision>(TaskCreationOptions.RunContinuationsAsynchronously);

            public Task<AccessDecision> DecideAsync(AccessRequestContext context, CancellationToken cancellationToken)
            {
                Entered.Set();
                return Release.Task;
            }
        }
    }
}
