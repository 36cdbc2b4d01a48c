using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace RasMfa.Engine.Push
{
    /// <summary>
    /// The approval page over HTTPS only (Kestrel 2.3, the same server on .NET Framework and .NET 8), with small limits: a
    /// page and a tiny form are all it ever serves: few connections per source address, short handshake and header timeouts.
    /// </summary>
    public sealed class ApprovalPageServer : IDisposable
    {
        private readonly IWebHost _host;

        private ApprovalPageServer(IWebHost host, int port)
        {
            _host = host;
            Port = port;
        }

        /// <summary>The port it listens on (the one chosen when the options said 0).</summary>
        public int Port { get; }

        public static async Task<ApprovalPageServer> StartAsync(ApprovalPageOptions options, PushApprovalService approvals, ILogger log, Func<DateTime>? clock = null, CancellationToken cancellationToken = default)
        {
            var perSource = new SourceConnectionLimit(options.ConnectionsPerSource);
            var handler = new ApprovalPageHandler(approvals, options.RequestsPerMinutePerSource, clock ?? (() => DateTime.UtcNow), log);
            var host = new WebHostBuilder()
                .UseKestrel(kestrel =>
                {
                    kestrel.AddServerHeader = false;
                    kestrel.Limits.MaxRequestBodySize = 4096;
                    kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
                    kestrel.Limits.MaxRequestLineSize = 2048;
                    kestrel.Limits.MaxConcurrentConnections = options.MaxConnections;
                    // A page and one small form: a client with nothing to say within seconds is let go.
                    kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(10);
                    kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(5);
                    kestrel.Listen(options.Address, options.Port, listen =>
                    {
                        // Before TLS: a connection over its source's share is closed before it costs a handshake.
                        listen.Use(next => connection => LimitPerSource(connection, next, perSource));
                        listen.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificate = options.Certificate, HandshakeTimeout = TimeSpan.FromSeconds(5) });
                    });
                })
                .UseSetting(WebHostDefaults.SuppressStatusMessagesKey, "true")
                .Configure(app => app.Run(handler.HandleAsync))
                .Build();
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = host.ServerFeatures.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            int port = address != null ? new Uri(address).Port : options.Port;
            log.LogInformation(Logging.LogEvents.ApprovalPageStarted, "The push approval page listens on {Address} port {Port}.", options.Address, port);
            return new ApprovalPageServer(host, port);
        }

        private static async Task LimitPerSource(ConnectionContext connection, ConnectionDelegate next, SourceConnectionLimit perSource)
        {
            var source = connection.Features.Get<IHttpConnectionFeature>()?.RemoteIpAddress;
            if (source == null)
            {
                await next(connection).ConfigureAwait(false);
                return;
            }
            if (!perSource.TryEnter(source)) return; // returning closes it, as Kestrel's own connection cap does
            try
            {
                await next(connection).ConfigureAwait(false);
            }
            finally
            {
                perSource.Exit(source);
            }
        }

        public async Task StopAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _host.StopAsync(timeout.Token).ConfigureAwait(false);
        }

        public void Dispose() => _host.Dispose();
    }
}
