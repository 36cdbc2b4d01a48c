using System;
using RasMfa.Engine.Delivery;

namespace RasMfa.Cmdlets.Delivery
{
    /// <summary>A delivery provider as cmdlets show it: never its secret, only whether one is set and can be opened here.</summary>
    public sealed class RasMfaDeliveryProvider
    {
        internal RasMfaDeliveryProvider(DeliveryProviderDefinition provider)
        {
            Kind = provider.Kind;
            Provider = provider.Provider;
            Settings = provider.Settings;
            // An unreadable sealed value may or may not hold a secret: say "unknown" rather than guess.
            SecretSet = provider.Unreadable != null ? (bool?)null : provider.Secret != null;
            SecretReadable = provider.Unreadable == null;
            Problem = provider.Unreadable;
            Created = provider.CreatedUtc.ToLocalTime();
            Modified = provider.ModifiedUtc.ToLocalTime();
        }

        public DeliveryKind Kind { get; }
        public string Provider { get; }

        /// <summary>The provider's settings as JSON (no secret is ever in them).</summary>
        public string Settings { get; }

        /// <summary>Whether a secret (a password, a token) is stored; null when the sealed value cannot be opened here.</summary>
        public bool? SecretSet { get; }

        /// <summary>False when this machine cannot open the sealed secret (another store key): the provider is not used until set again.</summary>
        public bool SecretReadable { get; }

        public string? Problem { get; }
        public DateTime Created { get; }
        public DateTime Modified { get; }
    }
}
