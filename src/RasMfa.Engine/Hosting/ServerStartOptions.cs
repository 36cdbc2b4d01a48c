using System.Collections.Generic;
using System.Net;
using Microsoft.Extensions.Logging;

namespace RasMfa.Engine.Hosting
{
    public sealed class ServerStartOptions
    {
        public int Port { get; set; } = 1812;

        /// <summary>Addresses to bind; empty means every IPv4 and IPv6 address.</summary>
        public IList<IPAddress> LocalAddresses { get; set; } = new List<IPAddress>();

        /// <summary>A SQLite file; null for the store every session opens (RASMFA_DATABASE, else the machine-wide setting, else the built-in path).</summary>
        public string? DatabasePath { get; set; }

        /// <summary>How often the store is checked for changes made elsewhere.</summary>
        public System.TimeSpan ReloadInterval { get; set; } = System.TimeSpan.FromSeconds(1);

        /// <summary>How long an answer stays cached for retransmissions (RFC 5080 suggests 5 to 30 seconds).</summary>
        public System.TimeSpan DuplicateCacheLifetime { get; set; } = System.TimeSpan.FromSeconds(15);

        /// <summary>Requests the duplicate cache remembers at most; beyond, new requests are answered but not remembered.</summary>
        public int DuplicateCacheMaxEntries { get; set; } = Radius.Server.DuplicateCache.DefaultMaxEntries;

        /// <summary>
        /// Where the listener's log goes besides <see cref="RasMfaServerHost.Log"/>: the service host's console, journald or
        /// event log. Not disposed by the listener: their owner does that.
        /// </summary>
        public IList<ILoggerProvider> LogProviders { get; set; } = new List<ILoggerProvider>();

        /// <summary>
        /// Where to serve /metrics (Prometheus), /health/live and /health/ready over HTTP; null (a session's default) serves
        /// nothing. The service host defaults to 127.0.0.1:9812: loopback only, since the metrics tell how many logins fail
        /// and why, unless the admin names another address.
        /// </summary>
        public IPEndPoint? MetricsAddress { get; set; }

        /// <summary>/health/ready answers 503 once the store has not answered the listener's polls for this long.</summary>
        public System.TimeSpan ReadyStoreAge { get; set; } = System.TimeSpan.FromSeconds(10);

        /// <summary>
        /// How the listener's delivery channels (SMS, voice, e-mail, push notifications) reach their providers: the
        /// platform's HTTP handler by default; a test's own to reach a loopback stub. The providers are the store's.
        /// </summary>
        public Delivery.DeliveryEnvironment? Delivery { get; set; }

        /// <summary>What runs the listener, as other sessions see it through the control channel.</summary>
        public Control.ListenerKind Kind { get; set; } = Control.ListenerKind.Session;
    }
}
