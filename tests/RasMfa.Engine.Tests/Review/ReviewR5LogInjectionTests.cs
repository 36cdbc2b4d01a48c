using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>
    /// Review R5: a log line is one line. The journal splits what the service writes at LF and at NUL and reads a "&lt;N&gt;"
    /// priority at the start of each piece; a terminal that shows Get-RasMfaRadiusServer -Log obeys ANSI escapes. A client
    /// name is not checked for such characters when it is added (Add-RasMfaRadiusClient -Name takes any text), and
    /// the audit line and ClaimStage escape it, but the dropped-packet line (PacketsDropped, 5000) writes it raw, and
    /// anyone who can send a packet from the client's address (spoofed, no secret needed) gets that line written.
    /// </summary>
    public sealed class ReviewR5LogInjectionTests
    {
        private static readonly byte[] Secret = Encoding.ASCII.GetBytes("review-r5-client-secret-0123456789");
        private static readonly IPEndPoint Nas = new IPEndPoint(IPAddress.Parse("192.0.2.10"), 40000);

        [Theory]
        [InlineData("vpn\n<0>RasMfa.Mfa[2000] Accept mallory at vpn (192.0.2.66): the code was right")]
        [InlineData("vpn\0<0>RasMfa.Mfa[2000] Accept mallory at vpn (192.0.2.66): the code was right")]
        [InlineData("vpn\u001b[2K\rAccept mallory")]
        [InlineData("vpn\u202egnp.exe")]
        public async Task A_spoofed_packet_cannot_make_a_client_name_forge_a_line_in_the_dropped_packets_log(string clientName)
        {
            var log = new MemoryLog();
            var client = new RadiusClientDefinition(clientName, IpNetwork.Parse("192.0.2.0/24"), Secret);
            var processor = new RequestProcessor(() => new ClientRegistry(new[] { client }), new RejectAllHandler(), new ServerCounters(),
                new DuplicateCache(System.TimeSpan.FromSeconds(10)), new StatusServerLimiter(), new InFlightGate(() => 4000), log.CreateLogger("RasMfa.Radius"));
            // The attacker does not know the secret: a request signed with another one, sent from the client's address.
            var request = new RadiusPacket(RadiusCode.AccessRequest, 9, new byte[16]);
            request.Add(RadiusAttribute.FromText(RadiusAttributeType.UserName, "alice"));
            var bytes = PacketSigner.EncodeRequest(request, Encoding.ASCII.GetBytes("not-the-secret-not-the-secret"));

            Assert.Null(await processor.ProcessAsync(bytes, bytes.Length, Nas, CancellationToken.None));

            var line = Assert.Single(log.Since(0), e => e.Message.Contains("Discarded a packet")).Message;
            Assert.True(line.IndexOfAny(new[] { '\n', '\r', '\0', '\u001b', '\u202e' }) < 0,
                $"the PacketsDropped line carries the client's name raw: {line.Replace("\0", "<NUL>").Replace("\n", "<LF>").Replace("\r", "<CR>").Replace("\u001b", "<ESC>").Replace("\u202e", "<RLO>")}");
        }
        [Fact]
        public async Task A_request_that_makes_the_handler_fail_is_logged_at_a_rate_limit_not_once_per_packet()
        {
            // A defect that some User-Name triggers: each signed request the NAS relays (any internet user at the login page)
            // writes an Error with its stack trace, which the event log keeps; the PacketsDropped line for the same drop is rate-limited.
            var log = new MemoryLog();
            var client = new RadiusClientDefinition("vpn", IpNetwork.Parse("192.0.2.0/24"), Secret);
            var processor = new RequestProcessor(() => new ClientRegistry(new[] { client }), new FailingHandler(), new ServerCounters(),
                new DuplicateCache(System.TimeSpan.FromSeconds(10)), new StatusServerLimiter(), new InFlightGate(() => 4000), log.CreateLogger("RasMfa.Radius"));
            const int requests = 200;

            for (int i = 0; i < requests; i++)
            {
                var authenticator = new byte[16];
                authenticator[0] = (byte)i;
                authenticator[1] = (byte)(i >> 8);
                var request = new RadiusPacket(RadiusCode.AccessRequest, (byte)i, authenticator);
                request.Add(RadiusAttribute.FromText(RadiusAttributeType.UserName, "alice" + i));
                var bytes = PacketSigner.EncodeRequest(request, Secret);
                Assert.Null(await processor.ProcessAsync(bytes, bytes.Length, Nas, CancellationToken.None));
            }

            var errors = log.Since(0).Count(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
            Assert.True(errors <= 10, $"{errors} Error lines for {requests} requests within a second");
        }

        private sealed class FailingHandler : IAccessRequestHandler
        {
            public Task<AccessDecision> DecideAsync(AccessRequestContext context, CancellationToken cancellationToken) =>
                throw new System.InvalidOperationException("a defect");
        }
    }
}
