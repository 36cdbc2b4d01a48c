using System;
using System.Net.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RasMfa.Engine.Delivery
{
    /// <summary>What every channel is made with: the log, and how HTTP leaves the process.</summary>
    public sealed class DeliveryEnvironment
    {
        public DeliveryEnvironment(ILogger? log = null, Func<HttpMessageHandler>? httpHandler = null, Func<GraphMail.GraphMailSettings, IDeliveryChannel>? graphMail = null)
        {
            GraphMail = graphMail;
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

        /// <summary>
        /// Makes a Graph mail provider's channel (the Entra area's, which reads the tenant from the store at each send); null
        /// where no store is at hand, and such a provider's sends then fail saying so.
        /// </summary>
        public Func<GraphMail.GraphMailSettings, IDeliveryChannel>? GraphMail { get; }

        /// <summary>This environment, making Graph mail channels with <paramref name="graphMail"/> unless it already makes them.</summary>
        public DeliveryEnvironment WithGraphMail(Func<GraphMail.GraphMailSettings, IDeliveryChannel> graphMail) =>
            GraphMail != null ? this : new DeliveryEnvironment(Log, HttpHandler, graphMail);
    }
}
