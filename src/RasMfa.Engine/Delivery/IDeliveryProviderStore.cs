using System.Collections.Generic;

namespace RasMfa.Engine.Delivery
{
    /// <summary>The store's delivery providers, at most one per kind.</summary>
    public interface IDeliveryProviderStore
    {
        IReadOnlyList<DeliveryProviderDefinition> List();

        DeliveryProviderDefinition? Get(DeliveryKind kind);

        /// <summary>Adds the kind's provider, or replaces the one it has (keeping its creation time).</summary>
        void Set(DeliveryProviderDefinition provider);

        /// <summary>False when the kind had none.</summary>
        bool Remove(DeliveryKind kind);
    }
}
