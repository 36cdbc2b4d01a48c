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

namespace RasMfa.Engine.Tests.Entra
{
    /// <summary>
    /// The Graph stub, whose group members' page sends the client to another port of Graph's host (a redirect, a nextLink:
    /// the test's choice), and that other port: it serves the stub's own certificate for the same host, as another service
    /// on Graph's host would, and keeps the request head it gets, so that a test can say whether the bearer token went there.
    /// </summary>
    internal sealed class GraphWithAnotherPort : IDisposable
    {
        private readonly GraphScenario _scenario = new GraphScenario();
        private readonly LoopbackHttpsServer _graph;
        private readonly TcpListener _elsewhere = new TcpListener(IPAddress.Loopback, 0);
        private readonly List<string> _elsewhereHeads = new List<string>();

        /// <param name="membersPage">The answer to the group's transitiveMembers request, given the other port's URL for them.</param>
        public GraphWithAnotherPort(Func<string, StubResponse> membersPage)
        {
            _elsewhere.Start();
            var elsewhere = $"https://127.0.0.1:{((IPEndPoint)_elsewhere.LocalEndpoint).Port}/v1.0/groups/{GraphScenario.GroupId}/transitiveMembers";
            _graph = new LoopbackHttpsServer(request => request.Path.EndsWith("/transitiveMembers", StringComparison.Ordinal)
                ? membersPage(elsewhere)
                : _scenario.Handle(request));
            var certificate = (X509Certificate2)typeof(LoopbackHttpsServer).GetField("_serverCertificate", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(_graph)!;
            Task.Run(() => ServeOnce(certificate));
        }

        public IEntraGraph OpenGraph()
        {
            var tenant = new EntraTenantDefinition("contoso", GraphScenario.TenantId, GraphScenario.ClientId) { Secret = Encoding.UTF8.GetBytes(GraphScenario.ClientSecret) };
            return new GraphEntraFactory().Open(new EntraConnection(tenant, _graph.BaseAddress, _graph.BaseAddress) { TrustedTestCa = _graph.Ca, RetryDelaySeconds = 1, MaxRetries = 0 });
        }

        /// <summary>Whether a request to the other port carried Graph's bearer token.</summary>
        public bool ElsewhereGotBearerToken
        {
            get
            {
                lock (_elsewhereHeads)
                    return _elsewhereHeads.Exists(head => head.IndexOf("Authorization: Bearer", StringComparison.OrdinalIgnoreCase) >= 0);
            }
        }

        public void Dispose()
        {
            _graph.Dispose();
            _elsewhere.Stop();
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
