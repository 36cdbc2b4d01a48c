using System;

namespace RasMfa.Engine.Delivery
{
    /// <summary>
    /// How the store reaches people by one <see cref="DeliveryKind"/>: which provider (an SMTP server, an HTTP SMS gateway,
    /// Twilio, a webhook), its settings as JSON (no secret in them), and its one secret (a password, an auth token, a
    /// bearer token), sealed at rest like every secret. One per kind.
    /// </summary>
    public sealed class DeliveryProviderDefinition
    {
        public DeliveryProviderDefinition(DeliveryKind kind, string provider, string settings, byte[]? secret)
        {
            Kind = kind;
            Provider = provider;
            Settings = settings;
            Secret = secret;
        }

        public DeliveryKind Kind { get; }

        /// <summary>The provider type's name (<see cref="IDeliveryProviderType.Name"/>).</summary>
        public string Provider { get; }

        /// <summary>The provider's settings as a JSON object, as its type reads them; never a secret.</summary>
        public string Settings { get; }

        /// <summary>In clear, in memory only; null when the provider needs none (or the record's could not be opened: see <see cref="Unreadable"/>).</summary>
        public byte[]? Secret { get; }

        /// <summary>Why the sealed secret could not be opened (another machine's key, a damaged value); null when it could.</summary>
        public string? Unreadable { get; set; }

        public DateTime CreatedUtc { get; set; } = DateTime.UtcNow;

        public DateTime ModifiedUtc { get; set; } = DateTime.UtcNow;
    }
}
