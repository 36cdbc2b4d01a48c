using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace RasMfa.Engine.Tests.Push
{
    /// <summary>A webhook receiver on loopback: records each request's body and headers, answers the status it is told to.</summary>
    internal sealed class WebhookStub : IDisposable
    {
        private readonly HttpListener _listener = new HttpListener();
        private readonly List<(string Body, WebHeaderCollection Headers)> _received = new List<(string, WebHeaderCollection)>();

        public WebhookStub()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}/hook/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = Task.Run(Serve);
        }

        public string Url { get; }

        public int Status { get; set; } = 200;

        /// <summary>Each request's path and query, as sent.</summary>
        public IReadOnlyList<string> Paths
        {
            get { lock (_received) return _paths.ToArray(); }
        }

        private readonly List<string> _paths = new List<string>();

        public IReadOnlyList<(string Body, WebHeaderCollection Headers)> Received
        {
            get { lock (_received) return _received.ToArray(); }
        }

        private async Task Serve()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync().ConfigureAwait(false);
                }
                catch (Exception) when (!_listener.IsListening)
                {
                    return;
                }
                using (var reader = new StreamReader(context.Request.InputStream)) lock (_received)
                {
                    _received.Add((reader.ReadToEnd(), (WebHeaderCollection)context.Request.Headers));
                    _paths.Add(context.Request.RawUrl ?? "");
                }
                context.Response.StatusCode = Status;
                context.Response.Close();
            }
        }

        public void Dispose() => _listener.Close();
    }
}
