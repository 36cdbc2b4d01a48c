using System;
using RasMfa.Engine.Delivery;

namespace RasMfa.Cmdlets.Delivery
{
    /// <summary>A delivery provider as cmdlets show it: its settings, and whether it holds a secret, never the secret.</summary>
    public sealed class RasMfaDeliveryProvider
    {
        internal RasMfaDeliveryProvider(DeliveryProviderDefinition provider)
        {
            Kind = provider.Kind;
            Provider = provider.Provider;
            Settings = provider.Settings;
            HasSecret = provider.Secret != null && provider.Secret.Length > 0;
            Created = provider.CreatedUtc.ToLocalTime();
            Modified = provider.ModifiedUtc.ToLocalTime();
        }

        public DeliveryKind Kind { get; }
        public string Provider { get; }

        /// <summary>The provider's settings as JSON (the URL, templates, account SID ...), which never hold the secret.</summary>
        public string Settings { get; }

        public bool HasSecret { get; }
        public DateTime Created { get; }
        public DateTime Modified { get; }
    }
}
