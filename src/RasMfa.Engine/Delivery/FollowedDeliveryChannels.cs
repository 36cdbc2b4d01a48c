using System;

namespace RasMfa.Engine.Delivery
{
    /// <summary>The channels as they are now: the listener's request path asks this, and the configuration watcher swaps what it reads.</summary>
    public sealed class FollowedDeliveryChannels : IDeliveryChannels
    {
        private readonly Func<IDeliveryChannels> _current;

        public FollowedDeliveryChannels(Func<IDeliveryChannels> current) => _current = current;

        public IDeliveryChannel? For(DeliveryKind kind) => _current().For(kind);
    }
}
