using System;
using System.Net.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RasMfa.Engine.Delivery
{
    /// <summary>What every channel is made with: the log, and how HTTP leaves the process.</summary>
    public sealed class DeliveryEnvironment
    {
        public DeliveryEnvironment(ILogger? log = null, Func<HttpMessageHandler>? httpHandler = null, Func<string, Entra.EntraTenantDefinition?>? entraTenants = null)
        {
            EntraTenants = entraTenants;
            Log = log ?? NullLogger.Instance;
            // No redirects: a provider (or whoever answers for it) must not bounce a message carrying a code elsewhere.
            HttpHandler = httpHandler ?? (() => new HttpClientHandler { AllowAutoRedirect = false });
        }

        public ILogger Log { get; }

        /// <summary>
        /// The handler a channel's HttpClient sends through: the platform's by default; a test's own to reach a loopback stub
        /// with its test CA trusted (the real SDKs, e.g. Twilio's, are still what builds and reads the requests).
        /// </summary>
        public Func<HttpMessageHandler> HttpHandler { get; }

        /// <summary>The Entra tenant of a name, its secret unsealed, read at each send (mail through Graph); null where no store is at hand.</summary>
        public Func<string, Entra.EntraTenantDefinition?>? EntraTenants { get; }

        /// <summary>This environment, reading Entra tenants from <paramref name="tenants"/> unless it already reads them from somewhere.</summary>
        public DeliveryEnvironment WithEntraTenants(Func<string, Entra.EntraTenantDefinition?> tenants) =>
            EntraTenants != null ? this : new DeliveryEnvironment(Log, HttpHandler, tenants);
    }
}
