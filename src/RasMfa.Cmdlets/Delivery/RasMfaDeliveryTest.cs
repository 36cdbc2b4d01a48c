using System;
using RasMfa.Engine.Delivery;

namespace RasMfa.Cmdlets.Delivery
{
    /// <summary>What Test-RasMfaDeliveryProvider found: whether the provider took the test message, and if not, why.</summary>
    public sealed class RasMfaDeliveryTest
    {
        internal RasMfaDeliveryTest(DeliveryProviderDefinition provider, string recipient, DeliveryResult result, TimeSpan elapsed)
        {
            Kind = provider.Kind;
            Provider = provider.Provider;
            Recipient = recipient;
            Delivered = result.Delivered;
            Failure = result.Failure;
            ProviderReference = result.ProviderReference;
            Elapsed = elapsed;
        }

        public DeliveryKind Kind { get; }
        public string Provider { get; }
        public string Recipient { get; }
        public bool Delivered { get; }

        /// <summary>Why the provider did not take it (authentication, TLS, a refused recipient, a timeout); null when it did.</summary>
        public string? Failure { get; }

        public string? ProviderReference { get; }
        public TimeSpan Elapsed { get; }
    }
}
