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

namespace RasMfa.Engine.Tests.Entra
{
    /// <summary>
    /// Review R9: Graph's pipeline follows a redirect to another port of Graph's host (its redirect handler drops the
    /// Authorization header then, which GraphHostGuard does not rely on): no request leaves for anywhere but Graph.
    /// </summary>
    public sealed class GraphHostGuardTests : IDisposable
    {
        private readonly GraphScenario _scenario = new GraphScenario();
        private readonly LoopbackHttpsServer _graph;
        private readonly TcpListener _elsewhere = new TcpListener(IPAddress.Loopback, 0);
        private readonly List<string> _elsewhereHeads = new List<string>();

        public GraphHostGuardTests()
        {
            _elsewhere.Start();
            var elsewhere = $"https://127.0.0.1:{((IPEndPoint)_elsewhere.LocalEndpoint).Port}/v1.0/groups/{GraphScenario.GroupId}/transitiveMembers";
            _graph = new LoopbackHttpsServer(request => request.Path.EndsWith("/transitiveMembers", StringComparison.Ordinal)
                ? new StubResponse(307, "", ("Location", elsewhere))
                : _scenario.Handle(request));
            var certificate = (X509Certificate2)typeof(LoopbackHttpsServer).GetField("_serverCertificate", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(_graph)!;
            Task.Run(() => ServeOnce(certificate));
        }

        public void Dispose()
        {
            _graph.Dispose();
            _elsewhere.Stop();
        }

        [Fact]
        public void A_redirect_to_another_port_of_the_Graph_host_is_not_followed()
        {
            var tenant = new EntraTenantDefinition("contoso", GraphScenario.TenantId, GraphScenario.ClientId) { Secret = Encoding.UTF8.GetBytes(GraphScenario.ClientSecret) };
            using var graph = new GraphEntraFactory().Open(new EntraConnection(tenant, _graph.BaseAddress, _graph.BaseAddress) { TrustedTestCa = _graph.Ca, RetryDelaySeconds = 1, MaxRetries = 0 });

            var error = Assert.Throws<EntraGraphException>(() => graph.TransitiveUsers(GraphScenario.GroupId));

            Assert.Contains("not to Graph", error.Message);
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
