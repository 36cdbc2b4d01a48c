using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.Extensions.Logging;

namespace RasMfa.Engine.Delivery
{
    /// <summary>
    /// The channels a listener sends through, made from the store's providers when the configuration is read (not per
    /// message). A provider whose secret cannot be opened, or whose type or settings this RasMfa does not know, gives no
    /// channel, with a warning: its method answers as unavailable rather than sending with half a configuration. Replaced
    /// channels are retired (<see cref="Retire"/>): each is disposed once the sends in flight through it have finished.
    /// </summary>
    public sealed class ConfiguredDeliveryChannels : IDeliveryChannels, IDisposable
    {
        public static readonly ConfiguredDeliveryChannels None = new ConfiguredDeliveryChannels(new Dictionary<DeliveryKind, HeldChannel>());

        private readonly IReadOnlyDictionary<DeliveryKind, HeldChannel> _channels;
        private int _retired;

        private ConfiguredDeliveryChannels(IReadOnlyDictionary<DeliveryKind, HeldChannel> channels) => _channels = channels;

        public IDeliveryChannel? For(DeliveryKind kind) => _channels.TryGetValue(kind, out var channel) ? channel : null;

        /// <summary>The channels of <paramref name="providers"/>; with <paramref name="only"/>, of that kind's provider alone (an admin's command that sends one kind).</summary>
        public static ConfiguredDeliveryChannels From(IEnumerable<DeliveryProviderDefinition> providers, DeliveryEnvironment environment,
            IReadOnlyList<IDeliveryProviderType>? types = null, DeliveryKind? only = null)
        {
            types ??= DeliveryProviderTypes.Known;
            var channels = new Dictionary<DeliveryKind, HeldChannel>();
            foreach (var provider in providers)
            {
                if (only != null && provider.Kind != only) continue;
                var type = DeliveryProviderTypes.Named(provider.Provider, types);
                var problem = provider.Unreadable
                    ?? (type == null ? $"this RasMfa knows no provider type '{provider.Provider}'"
                        : type.Kinds.Contains(provider.Kind) ? type.Invalidity(provider) : $"{type.Name} cannot deliver {provider.Kind}");
                if (problem != null || type == null)
                {
                    environment.Log.LogWarning(Logging.LogEvents.ConfigurationEntrySkipped, "The {Kind} provider ({Provider}) is not used: {Problem}", provider.Kind, provider.Provider, problem);
                    continue;
                }
                channels[provider.Kind] = new HeldChannel(type.CreateChannel(provider, environment));
            }
            return new ConfiguredDeliveryChannels(channels);
        }

        /// <summary>
        /// These channels are replaced by <paramref name="successor"/>: each is disposed once no send holds it, and a send
        /// begun on one after that goes through <paramref name="successor"/>'s channel of its kind. Once only.
        /// </summary>
        public void Retire(IDeliveryChannels successor)
        {
            if (Interlocked.Exchange(ref _retired, 1) == 1) return;
            foreach (var channel in _channels.Values) channel.Retire(successor);
        }

        /// <summary>Retires the channels with none to follow them (a listener stopping, an admin's command done).</summary>
        public void Dispose() => Retire(None);
    }
}
