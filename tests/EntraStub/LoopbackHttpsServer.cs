using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace RasMfa.EntraStub
{
    /// <summary>One request as the stub received it.</summary>
    public sealed class StubRequest
    {
        public string Method { get; set; } = "";
        public string Target { get; set; } = "";
        public Dictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public string Body { get; set; } = "";

        public string Path => Target.Split('?')[0];
        public string Query => Target.Contains("?") ? Uri.UnescapeDataString(Target.Substring(Target.IndexOf('?') + 1).Replace('+', ' ')) : "";
        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
    }

    public sealed class StubResponse
    {
        public StubResponse(int status, string body, params (string Name, string Value)[] headers)
        {
            Status = status;
            Body = body;
            Headers = headers;
        }

        public int Status { get; }
        public string Body { get; }
        public (string Name, string Value)[] Headers { get; }
    }

    /// <summary>
    /// A test CA, a certificate it issues for 127.0.0.1, and an HTTP/1.1 server on loopback over TLS with it (TcpListener and
    /// SslStream, so it runs on every framework): enough HTTP for HttpClient, keep-alive and Content-Length bodies.
    /// </summary>
    public sealed class LoopbackHttpsServer : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly Func<StubRequest, StubResponse> _handle;
        private readonly X509Certificate2 _serverCertificate;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        public LoopbackHttpsServer(Func<StubRequest, StubResponse> handle)
        {
            _handle = handle;
            (Ca, _serverCertificate) = Certificates();
            _listener.Start();
            Task.Run(AcceptLoop);
        }

        /// <summary>The test CA (public part only), which the test's transport alone trusts.</summary>
        public X509Certificate2 Ca { get; }

        public Uri BaseAddress => new Uri($"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

        public List<StubRequest> Requests { get; } = new List<StubRequest>();

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }

        private async Task AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false); }
                catch (Exception) { return; }
                _ = Task.Run(() => Serve(client));
            }
        }

        private async Task Serve(TcpClient client)
        {
            using (client)
            using (var tls = new SslStream(client.GetStream()))
            {
                try
                {
                    await tls.AuthenticateAsServerAsync(_serverCertificate, false, System.Security.Authentication.SslProtocols.Tls12, false).ConfigureAwait(false);
                    while (true)
                    {
                        var request = await Read(tls).ConfigureAwait(false);
                        if (request == null) return;
                        StubResponse response;
                        lock (Requests) Requests.Add(request);
                        try { response = _handle(request); }
                        catch (Exception e) { response = new StubResponse(500, "{\"error\":\"" + e.Message.Replace("\"", "'") + "\"}"); }
                        var body = Encoding.UTF8.GetBytes(response.Body);
                        var head = new StringBuilder($"HTTP/1.1 {response.Status} Status\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n");
                        foreach (var (name, value) in response.Headers) head.Append(name).Append(": ").Append(value).Append("\r\n");
                        head.Append("\r\n");
                        var headBytes = Encoding.ASCII.GetBytes(head.ToString());
                        await tls.WriteAsync(headBytes, 0, headBytes.Length).ConfigureAwait(false);
                        await tls.WriteAsync(body, 0, body.Length).ConfigureAwait(false);
                        await tls.FlushAsync().ConfigureAwait(false);
                    }
                }
                catch (Exception) when (_stop.IsCancellationRequested || true)
                {
                    // A client that goes away (or refuses our certificate) ends its connection only.
                }
            }
        }

        private static async Task<StubRequest?> Read(Stream stream)
        {
            var head = new List<byte>();
            var one = new byte[1];
            while (head.Count < 4 || !(head[head.Count - 4] == '\r' && head[head.Count - 3] == '\n' && head[head.Count - 2] == '\r' && head[head.Count - 1] == '\n'))
            {
                if (await stream.ReadAsync(one, 0, 1).ConfigureAwait(false) == 0) return null;
                head.Add(one[0]);
                if (head.Count > 65536) return null;
            }
            var lines = Encoding.ASCII.GetString(head.ToArray()).Split(new[] { "\r\n" }, StringSplitOptions.RemoveEmptyEntries);
            var first = lines[0].Split(' ');
            var request = new StubRequest { Method = first[0], Target = first[1] };
            for (int i = 1; i < lines.Length; i++)
            {
                int colon = lines[i].IndexOf(':');
                if (colon > 0) request.Headers[lines[i].Substring(0, colon).Trim()] = lines[i].Substring(colon + 1).Trim();
            }
            if (int.TryParse(request.Header("Content-Length"), out var length) && length > 0)
            {
                var body = new byte[length];
                int read = 0;
                while (read < length)
                {
                    int n = await stream.ReadAsync(body, read, length - read).ConfigureAwait(false);
                    if (n == 0) return null;
                    read += n;
                }
                request.Body = Encoding.UTF8.GetString(body);
            }
            return request;
        }

        private static (X509Certificate2 Ca, X509Certificate2 Server) Certificates()
        {
            using var caKey = RSA.Create(2048);
            var caRequest = new CertificateRequest("CN=RasMfa Entra test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

            using var serverKey = RSA.Create(2048);
            var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            serverRequest.CertificateExtensions.Add(names.Build());
            serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
            serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
            var serial = new byte[8];
            using (var random = RandomNumberGenerator.Create()) random.GetBytes(serial);
            using var issued = serverRequest.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-4), DateTimeOffset.UtcNow.AddHours(23), serial);
            // Through PFX, so that SslStream finds the private key on every platform.
            var server = new X509Certificate2(issued.CopyWithPrivateKey(serverKey).Export(X509ContentType.Pfx, "stub"), "stub", X509KeyStorageFlags.Exportable);
            return (new X509Certificate2(ca.Export(X509ContentType.Cert)), server);
        }
    }
}
