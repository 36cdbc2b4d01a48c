#if NET
using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Reflection;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading.Tasks;
using RasMfa.Engine.Entra;
using RasMfa.Entra;
using RasMfa.EntraStub;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>
    /// Review R9 (issue 15, item 3): a nextLink in a group's transitiveMembers page that points at the Graph host on another
    /// port. The delta reads refuse such a link (GraphEntraDirectory.OnGraph compares the authority, host and port); the
    /// import's paging goes through the SDK, whose token provider checks the host only.
    /// </summary>
    public sealed class ReviewR9NextLinkTests : IDisposable
    {
        private readonly GraphScenario _scenario = new GraphScenario();
        private readonly LoopbackHttpsServer _graph;
        private readonly TcpListener _elsewhere = new TcpListener(IPAddress.Loopback, 0);
        private readonly List<string> _elsewhereHeads = new List<string>();

        public ReviewR9NextLinkTests()
        {
            _elsewhere.Start();
            var elsewhere = $"https://127.0.0.1:{((IPEndPoint)_elsewhere.LocalEndpoint).Port}/v1.0/groups/{GraphScenario.GroupId}/transitiveMembers?$skiptoken=page2";
            _graph = new LoopbackHttpsServer(request => request.Path.EndsWith("/transitiveMembers", StringComparison.Ordinal)
                ? new StubResponse(200, "{\"@odata.nextLink\":\"" + elsewhere + "\",\"value\":[]}")
                : _scenario.Handle(request));
            // The other port serves a certificate for the same host (127.0.0.1), as another service on Graph's host would.
            var certificate = (X509Certificate2)typeof(LoopbackHttpsServer).GetField("_serverCertificate", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(_graph)!;
            Task.Run(() => ServeOnce(certificate));
        }

        public void Dispose()
        {
            _graph.Dispose();
            _elsewhere.Stop();
        }

        [Fact]
        public void A_next_link_to_another_port_of_the_Graph_host_is_not_sent_the_bearer_token()
        {
            var tenant = new EntraTenantDefinition("contoso", GraphScenario.TenantId, GraphScenario.ClientId) { Secret = Encoding.UTF8.GetBytes(GraphScenario.ClientSecret) };
            using var graph = new GraphEntraFactory().Open(new EntraConnection(tenant, _graph.BaseAddress, _graph.BaseAddress) { TrustedTestCa = _graph.Ca, RetryDelaySeconds = 1, MaxRetries = 0 });

            try { graph.TransitiveUsers(GraphScenario.GroupId); }
            catch (EntraGraphException) { } // refusing the link is the expected outcome

            lock (_elsewhereHeads)
                Assert.DoesNotContain(_elsewhereHeads, head => head.IndexOf("Authorization: Bearer", StringComparison.OrdinalIgnoreCase) >= 0);
        }

        private async Task ServeOnce(X509Certificate2 certificate)
        {
            try
            {
                using var client = await _elsewhere.AcceptTcpClientAsync();
                using var tls = new SslStream(client.GetStream());
                await tls.AuthenticateAsServerAsync(certificate, false, System.Security.Authentication.SslProtocols.Tls12, false);
                var head = new StringBuilder();
                var one = new byte[1];
                while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await tls.ReadAsync(one, 0, 1) == 1) head.Append((char)one[0]);
                lock (_elsewhereHeads) _elsewhereHeads.Add(head.ToString());
                var body = Encoding.UTF8.GetBytes("{\"value\":[]}");
                await tls.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n"));
                await tls.WriteAsync(body);
                await tls.FlushAsync();
            }
            catch (Exception) { }
        }
    }
}
#endif
