using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Administration;

namespace RasMfa.Engine.Delivery
{
    /// <summary>The engine's front door for delivery providers: one per kind, checked by its type before it is stored.</summary>
    public sealed class DeliveryProviderService
    {
        private readonly IDeliveryProviderStore _providers;
        private readonly IReadOnlyList<IDeliveryProviderType> _types;
        private readonly Func<GraphMail.GraphMailSettings, IDeliveryChannel>? _graphMail;

        public DeliveryProviderService(IDeliveryProviderStore providers, IReadOnlyList<IDeliveryProviderType>? types = null)
            : this(providers, types, null)
        {
        }

        /// <param name="graphMail">Makes a Graph mail provider's channel (EntraMailChannels.For); without it, such a provider cannot send.</param>
        public DeliveryProviderService(IDeliveryProviderStore providers, IReadOnlyList<IDeliveryProviderType>? types, Func<GraphMail.GraphMailSettings, IDeliveryChannel>? graphMail)
        {
            _providers = providers;
            _types = types ?? DeliveryProviderTypes.Known;
            _graphMail = graphMail;
        }

        public IReadOnlyList<DeliveryProviderDefinition> List() => _providers.List();

        public DeliveryProviderDefinition Get(DeliveryKind kind) => _providers.Get(kind) ?? throw NotFound(kind);

        /// <summary>Sets <paramref name="provider"/> as its kind's provider; null when the review did not approve it.</summary>
        public DeliveryProviderDefinition? Set(DeliveryProviderDefinition provider, IChangeReview review)
        {
            var type = TypeOf(provider);
            var invalidity = type.Invalidity(provider);
            if (invalidity != null) throw new EngineException(EngineErrorKind.InvalidArgument, "InvalidDeliveryProviderSettings", $"The {provider.Kind} provider ({type.Name}): {invalidity}");
            foreach (var warning in type.Warnings(provider)) review.Warn(warning);
            var existing = _providers.Get(provider.Kind);
            var action = existing == null ? $"Set the {provider.Kind} provider" : $"Replace the {provider.Kind} provider ({existing.Provider})";
            if (!review.Approve($"{type.Name}", action)) return null;
            if (existing != null) provider.CreatedUtc = existing.CreatedUtc;
            _providers.Set(provider);
            return provider;
        }

        public void Remove(DeliveryKind kind, IChangeReview review)
        {
            var existing = _providers.Get(kind) ?? throw NotFound(kind);
            if (!review.Approve($"{existing.Provider}", $"Remove the {kind} provider")) return;
            if (!_providers.Remove(kind)) throw NotFound(kind);
        }

        /// <summary>
        /// The channel of <paramref name="kind"/>'s provider alone (none when it has none), made as a listener makes it, for
        /// an admin's command that sends that kind (the enrolment mail); by default with no log and the platform's HTTP.
        /// Dispose it once sent.
        /// </summary>
        public ConfiguredDeliveryChannels Channels(DeliveryKind kind, DeliveryEnvironment? environment = null) =>
            ConfiguredDeliveryChannels.From(_providers.List(), Completed(environment), _types, only: kind);

        /// <summary>
        /// Sends the test message (<see cref="DeliveryTestMessage"/>) to <paramref name="recipient"/> through the kind's
        /// provider as the listener would, and says what the provider answered.
        /// </summary>
        public Task<DeliveryResult> SendTestAsync(DeliveryKind kind, string recipient, CancellationToken cancellationToken, DeliveryEnvironment? environment = null) =>
            SendTestAsync(kind, DeliveryTestMessage.For(kind, recipient.Trim(), Environment.MachineName, DateTime.Now), cancellationToken, environment);

        /// <summary>Sends <paramref name="message"/> through the kind's provider as the listener would, and says what the provider answered.</summary>
        public async Task<DeliveryResult> SendTestAsync(DeliveryKind kind, OutgoingMessage message, CancellationToken cancellationToken, DeliveryEnvironment? environment = null)
        {
            environment = Completed(environment);
            var provider = Get(kind);
            if (provider.Unreadable != null)
                throw new EngineException(EngineErrorKind.Unreadable, "DeliveryProviderSecretUnreadable", $"{provider.Unreadable} Set the {kind} provider again with its secret.");
            var channel = TypeOf(provider).CreateChannel(provider, environment);
            try
            {
                return await channel.SendAsync(message, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                (channel as IDisposable)?.Dispose();
            }
        }

        private DeliveryEnvironment Completed(DeliveryEnvironment? environment)
        {
            environment ??= new DeliveryEnvironment();
            return _graphMail == null ? environment : environment.WithGraphMail(_graphMail);
        }

        private IDeliveryProviderType TypeOf(DeliveryProviderDefinition provider)
        {
            var type = DeliveryProviderTypes.Named(provider.Provider, _types)
                ?? throw new EngineException(EngineErrorKind.InvalidArgument, "UnknownDeliveryProvider",
                    $"No delivery provider type is named '{provider.Provider}'; known: {string.Join(", ", _types.Select(t => t.Name))}.");
            if (!type.Kinds.Contains(provider.Kind))
                throw new EngineException(EngineErrorKind.InvalidArgument, "DeliveryProviderKindUnsupported",
                    $"{type.Name} cannot deliver {provider.Kind}; it delivers {string.Join(", ", type.Kinds)}.");
            return type;
        }

        private static EngineException NotFound(DeliveryKind kind) =>
            new EngineException(EngineErrorKind.NotFound, "DeliveryProviderNotFound", $"No {kind} provider is set in this store.");
    }
}
