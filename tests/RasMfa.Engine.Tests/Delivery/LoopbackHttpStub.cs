using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace RasMfa.Engine.Tests.Delivery
{
    /// <summary>
    /// A small HTTP/1.1 server on loopback (over TLS when given a certificate) that keeps each request it gets and answers
    /// as the test says: the far end of a gateway or of Twilio's API, read by the test.
    /// </summary>
    public sealed class LoopbackHttpStub : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly X509Certificate2? _certificate;
        private readonly Func<StubRequest, StubResponse> _answer;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Task _accepting;

        public LoopbackHttpStub(Func<StubRequest, StubResponse> answer, X509Certificate2? certificate = null)
        {
            _answer = answer;
            _certificate = certificate;
            _listener.Start();
            _accepting = Task.Run(AcceptAsync);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public string BaseUrl => $"{(_certificate == null ? "http" : "https")}://127.0.0.1:{Port}";

        public List<StubRequest> Received { get; } = new List<StubRequest>();

        public StubRequest Single()
        {
            lock (Received) return Xunit.Assert.Single(Received);
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                _ = Task.Run(() => ServeAsync(client));
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using (client)
            {
                try
                {
                    Stream stream = client.GetStream();
                    if (_certificate != null)
                    {
                        var tls = new SslStream(stream, false);
                        await tls.AuthenticateAsServerAsync(_certificate, false, SslProtocols.Tls12, false).ConfigureAwait(false);
                        stream = tls;
                    }
                    var request = await ReadRequestAsync(stream).ConfigureAwait(false);
                    lock (Received) Received.Add(request);
                    var response = _answer(request);
                    var body = Encoding.UTF8.GetBytes(response.Body);
                    var head = $"HTTP/1.1 {response.Status} {response.Reason}\r\nContent-Type: {response.ContentType}\r\nContent-Length: {body.Length}\r\n{(response.Location == null ? "" : "Location: " + response.Location + "\r\n")}Connection: close\r\n\r\n";
                    var bytes = Encoding.ASCII.GetBytes(head);
                    await stream.WriteAsync(bytes, 0, bytes.Length).ConfigureAwait(false);
                    await stream.WriteAsync(body, 0, body.Length).ConfigureAwait(false);
                    await stream.FlushAsync().ConfigureAwait(false);
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                }
                catch (AuthenticationException)
                {
                    // A client that did not trust the certificate: it reports that itself.
                }
                catch (IOException)
                {
                }
            }
        }

        private static async Task<StubRequest> ReadRequestAsync(Stream stream)
        {
            var head = new List<byte>();
            var one = new byte[1];
            while (!(head.Count >= 4 && head[head.Count - 4] == '\r' && head[head.Count - 3] == '\n' && head[head.Count - 2] == '\r' && head[head.Count - 1] == '\n'))
            {
                if (await stream.ReadAsync(one, 0, 1).ConfigureAwait(false) == 0) throw new IOException("The client closed before its request's head ended.");
                head.Add(one[0]);
            }
            var lines = Encoding.ASCII.GetString(head.ToArray()).Split(new[] { "\r\n" }, StringSplitOptions.None);
            var requestLine = lines[0].Split(' ');
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in lines)
            {
                var colon = line.IndexOf(':');
                if (colon > 0 && line != lines[0]) headers[line.Substring(0, colon).Trim()] = line.Substring(colon + 1).Trim();
            }
            byte[] body;
            if (headers.TryGetValue("Content-Length", out var length)) body = await ReadExactlyAsync(stream, int.Parse(length)).ConfigureAwait(false);
            else if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked")) body = await ReadChunkedAsync(stream).ConfigureAwait(false);
            else body = new byte[0];
            return new StubRequest(requestLine[0], requestLine[1], headers, Encoding.UTF8.GetString(body));
        }

        private static async Task<byte[]> ReadExactlyAsync(Stream stream, int count)
        {
            var buffer = new byte[count];
            for (var read = 0; read < count;)
            {
                var n = await stream.ReadAsync(buffer, read, count - read).ConfigureAwait(false);
                if (n == 0) throw new IOException("The client closed before its body ended.");
                read += n;
            }
            return buffer;
        }

        private static async Task<byte[]> ReadChunkedAsync(Stream stream)
        {
            var body = new MemoryStream();
            while (true)
            {
                var size = Convert.ToInt32((await ReadLineAsync(stream).ConfigureAwait(false)).Split(';')[0], 16);
                var chunk = await ReadExactlyAsync(stream, size + 2).ConfigureAwait(false);
                if (size == 0) return body.ToArray();
                body.Write(chunk, 0, size);
            }
        }

        private static async Task<string> ReadLineAsync(Stream stream)
        {
            var line = new StringBuilder();
            var one = new byte[1];
            while (await stream.ReadAsync(one, 0, 1).ConfigureAwait(false) == 1)
            {
                if (one[0] == '\n') break;
                if (one[0] != '\r') line.Append((char)one[0]);
            }
            return line.ToString();
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            try
            {
                _accepting.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
            }
        }
    }

    public sealed class StubRequest
    {
        public StubRequest(string method, string target, IReadOnlyDictionary<string, string> headers, string body)
        {
            Method = method;
            Target = target;
            Headers = headers;
            Body = body;
        }

        public string Method { get; }

        /// <summary>The request line's target: the path and the query as sent.</summary>
        public string Target { get; }

        public string Path => Target.Split('?')[0];

        public string Query => Target.Contains("?") ? Target.Substring(Target.IndexOf('?') + 1) : "";

        public IReadOnlyDictionary<string, string> Headers { get; }

        public string Body { get; }

        /// <summary>Name/value pairs of a query or form body, decoded as a server's framework would.</summary>
        public static Dictionary<string, string> Pairs(string encoded)
        {
            var pairs = new Dictionary<string, string>();
            foreach (var pair in encoded.Split(new[] { '&' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=');
                var name = equals < 0 ? pair : pair.Substring(0, equals);
                var value = equals < 0 ? "" : pair.Substring(equals + 1);
                pairs[Decode(name)] = Decode(value);
            }
            return pairs;
        }

        private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
    }

    public sealed class StubResponse
    {
        public StubResponse(int status, string body = "", string contentType = "text/plain", string reason = "Whatever", string? location = null)
        {
            Location = location;
            Status = status;
            Body = body;
            ContentType = contentType;
            Reason = reason;
        }

        public int Status { get; }

        public string Body { get; }

        public string ContentType { get; }

        public string Reason { get; }

        public string? Location { get; }
    }
}
