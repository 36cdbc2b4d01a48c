using System.Collections.Generic;

namespace RasMfa.Engine.Delivery
{
    /// <summary>One kind of provider (SMTP, an HTTP SMS gateway, Twilio, a webhook): how its settings are checked and its channel made.</summary>
    public interface IDeliveryProviderType
    {
        /// <summary>As stored and as the cmdlets name it ("Smtp", "HttpGateway", "Twilio", "Webhook").</summary>
        string Name { get; }

        /// <summary>The kinds this provider can deliver (Twilio: SMS and voice).</summary>
        IReadOnlyList<DeliveryKind> Kinds { get; }

        /// <summary>Why <paramref name="provider"/> cannot be used (a missing URL, a bad template), in words for the admin; null when it can.</summary>
        string? Invalidity(DeliveryProviderDefinition provider);

        /// <summary>
        /// What the admin must hear before <paramref name="provider"/> (one with no invalidity) is stored, e.g. that it
        /// carries codes in clear; empty when nothing. The type decides; the cmdlets only show it.
        /// </summary>
        IReadOnlyList<string> Warnings(DeliveryProviderDefinition provider);

        /// <summary>
        /// The channel <paramref name="provider"/> describes; called once per configuration change, not per message. A
        /// channel that holds resources (an HttpClient) is <see cref="System.IDisposable"/>: it is disposed once replaced
        /// and idle. A voice channel reads out <see cref="SpokenText"/>'s form of the message.
        /// </summary>
        IDeliveryChannel CreateChannel(DeliveryProviderDefinition provider, DeliveryEnvironment environment);
    }
}
