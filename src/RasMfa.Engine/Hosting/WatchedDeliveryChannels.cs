using RasMfa.Engine.Delivery;

namespace RasMfa.Engine.Hosting
{
    /// <summary>The listener's channels: whichever the configuration watcher made last, asked afresh for each message.</summary>
    internal sealed class WatchedDeliveryChannels : IDeliveryChannels
    {
        private readonly ConfigurationWatcher _watcher;

        public WatchedDeliveryChannels(ConfigurationWatcher watcher) => _watcher = watcher;

        public IDeliveryChannel? For(DeliveryKind kind) => _watcher.Channels.For(kind);
    }
}
