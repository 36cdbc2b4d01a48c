using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Logging;

namespace RasMfa.Engine.Delivery
{
    /// <summary>
    /// The channels a listener sends through, made from the store's providers when the configuration is read (not per
    /// message). A provider whose secret cannot be opened, or whose type or settings this RasMfa does not know, gives no
    /// channel, with a warning: its method answers as unavailable rather than sending with half a configuration.
    /// </summary>
    public sealed class ConfiguredDeliveryChannels : IDeliveryChannels
    {
        public static readonly IDeliveryChannels None = new ConfiguredDeliveryChannels(new Dictionary<DeliveryKind, IDeliveryChannel>());

        private readonly IReadOnlyDictionary<DeliveryKind, IDeliveryChannel> _channels;

        private ConfiguredDeliveryChannels(IReadOnlyDictionary<DeliveryKind, IDeliveryChannel> channels) => _channels = channels;

        public IDeliveryChannel? For(DeliveryKind kind) => _channels.TryGetValue(kind, out var channel) ? channel : null;

        public static IDeliveryChannels From(IEnumerable<DeliveryProviderDefinition> providers, DeliveryEnvironment environment, IReadOnlyList<IDeliveryProviderType>? types = null)
        {
            types ??= DeliveryProviderTypes.Known;
            var channels = new Dictionary<DeliveryKind, IDeliveryChannel>();
            foreach (var provider in providers)
            {
                var type = DeliveryProviderTypes.Named(provider.Provider, types);
                var problem = provider.Unreadable
                    ?? (type == null ? $"this RasMfa knows no provider type '{provider.Provider}'"
                        : type.Kinds.Contains(provider.Kind) ? type.Invalidity(provider) : $"{type.Name} cannot deliver {provider.Kind}");
                if (problem != null || type == null)
                {
                    environment.Log.LogWarning(Logging.LogEvents.ConfigurationEntrySkipped, "The {Kind} provider ({Provider}) is not used: {Problem}", provider.Kind, provider.Provider, problem);
                    continue;
                }
                channels[provider.Kind] = type.CreateChannel(provider, environment);
            }
            return new ConfiguredDeliveryChannels(channels);
        }
    }
}
