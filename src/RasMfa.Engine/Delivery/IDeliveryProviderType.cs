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

        /// <summary>The channel <paramref name="provider"/> describes; called once per configuration change, not per message.</summary>
        IDeliveryChannel CreateChannel(DeliveryProviderDefinition provider, DeliveryEnvironment environment);
    }
}
