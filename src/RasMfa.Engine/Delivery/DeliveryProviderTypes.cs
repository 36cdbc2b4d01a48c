using System;
using System.Collections.Generic;

namespace RasMfa.Engine.Delivery
{
    /// <summary>The provider types this RasMfa knows, by name. A new provider adds its type here.</summary>
    public static class DeliveryProviderTypes
    {
        private static readonly IDeliveryProviderType[] All =
        {
            new Webhook.WebhookProviderType(),
            new Smtp.SmtpProviderType(),
            new HttpGateway.HttpGatewayProviderType(),
            new Twilio.TwilioProviderType(),
            new GraphMail.GraphMailProviderType(),
        };

        public static IReadOnlyList<IDeliveryProviderType> Known => All;

        /// <summary>The type named <paramref name="name"/> (case-insensitive) among <paramref name="types"/> (the known ones by default), or null.</summary>
        public static IDeliveryProviderType? Named(string name, IReadOnlyList<IDeliveryProviderType>? types = null)
        {
            foreach (var type in types ?? All) if (string.Equals(type.Name, name, StringComparison.OrdinalIgnoreCase)) return type;
            return null;
        }
    }
}
