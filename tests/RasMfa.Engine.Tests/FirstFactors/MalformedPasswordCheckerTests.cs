using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Directories;
using RasMfa.Engine.FirstFactors;
using Xunit;

namespace RasMfa.Engine.Tests.FirstFactors
{
    /// <summary>
    /// Issue 11 item 1, the second line: whatever path reaches a first factor, a password with a NUL (which a C LDAP library
    /// cuts into an anonymous bind) or one that is not UTF-8 is never bound with or forwarded. Each server here is a socket
    /// that only notes whether anyone came.
    /// </summary>
    public sealed class MalformedPasswordCheckerTests
    {
        public static readonly TheoryData<byte[]> Malformed = new TheoryData<byte[]>
        {
            new byte[] { 0x00, (byte)'x' },
            Encoding.UTF8.GetBytes("Correct\0horse"),
            Encoding.UTF8.GetBytes("Correct\u0001horse"),
            new byte[] { (byte)'p', (byte)'w', 0xFF },
            new byte[] { (byte)'p', (byte)'w', 0xED, 0xA0, 0x80 },
        };

        [Theory]
        [MemberData(nameof(Malformed))]
        public async Task The_directory_checker_makes_no_bind_with_a_malformed_password(byte[] password)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int connections = 0;
            // Each connection is counted, then closed, so that a checker that does connect fails at once rather than wait.
            _ = Task.Run(async () =>
            {
                while (true)
                {
                    using var connection = await listener.AcceptTcpClientAsync();
                    Interlocked.Increment(ref connections);
                }
            });
            try
            {
                var directory = new DirectoryDefinition("corp", DirectoryType.ActiveDirectory, new[] { "127.0.0.1" })
                {
                    Port = ((IPEndPoint)listener.LocalEndpoint).Port,
                    Security = DirectorySecurity.None,
                    TimeoutSeconds = 1,
                };
                var result = await new DirectoryChecker(directory).CheckAsync("alice", password, CancellationToken.None);
                Assert.Equal(FirstFactorOutcome.Rejected, result.Outcome);
                Assert.Contains("no bind was made", result.Reason);
                Assert.Equal(0, Volatile.Read(ref connections));
            }
            finally
            {
                listener.Stop();
            }
        }

        [Theory]
        [MemberData(nameof(Malformed))]
        public async Task The_upstream_checker_forwards_no_malformed_password(byte[] password)
        {
            using var upstream = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            var server = new UpstreamRadiusServer("nps", "127.0.0.1", Encoding.ASCII.GetBytes("upstream-shared-secret-0123"))
            {
                Port = ((IPEndPoint)upstream.Client.LocalEndPoint!).Port,
                TimeoutSeconds = 1,
                Retries = 0,
            };
            var result = await new UpstreamRadiusChecker(new[] { server }).CheckAsync("alice", password, CancellationToken.None);
            Assert.Equal(FirstFactorOutcome.Rejected, result.Outcome);
            Assert.Contains("nothing was forwarded", result.Reason);
            Assert.Equal(0, upstream.Available);
        }

        [Fact]
        public async Task The_upstream_checker_forwards_no_user_name_with_a_nul()
        {
            using var upstream = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            var server = new UpstreamRadiusServer("nps", "127.0.0.1", Encoding.ASCII.GetBytes("upstream-shared-secret-0123"))
            {
                Port = ((IPEndPoint)upstream.Client.LocalEndPoint!).Port,
                TimeoutSeconds = 1,
                Retries = 0,
            };
            var result = await new UpstreamRadiusChecker(new[] { server }).CheckAsync("alice\0", Encoding.UTF8.GetBytes("Correct horse 1"), CancellationToken.None);
            Assert.Equal(FirstFactorOutcome.Rejected, result.Outcome);
            Assert.Equal(0, upstream.Available);
        }
    }
}
