using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Delivery;

namespace RasMfa.Engine.Tests.Delivery
{
    /// <summary>A provider type for tests of the provider store and the channels made from it: its channels keep what they are given.</summary>
    public sealed class RecordingProviderType : IDeliveryProviderType
    {
        public string Name => "Recording";

        public IReadOnlyList<DeliveryKind> Kinds { get; } = new[] { DeliveryKind.Sms, DeliveryKind.Email };

        public List<RecordingChannel> Made { get; } = new List<RecordingChannel>();

        /// <summary>Settings must name a "to" (any JSON object holding that word will do for these tests).</summary>
        public string? Invalidity(DeliveryProviderDefinition provider) => provider.Settings.Contains("\"to\"") ? null : "no \"to\" is set";

        public IDeliveryChannel CreateChannel(DeliveryProviderDefinition provider, DeliveryEnvironment environment)
        {
            var channel = new RecordingChannel(provider.Kind, provider.Secret);
            Made.Add(channel);
            return channel;
        }
    }

    public sealed class RecordingChannel : IDeliveryChannel
    {
        public RecordingChannel(DeliveryKind kind, byte[]? secret)
        {
            Kind = kind;
            Secret = secret;
        }

        public DeliveryKind Kind { get; }

        public byte[]? Secret { get; }

        public List<OutgoingMessage> Sent { get; } = new List<OutgoingMessage>();

        public Task<DeliveryResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
        {
            lock (Sent) Sent.Add(message);
            return Task.FromResult(DeliveryResult.Sent("recorded-" + Sent.Count));
        }
    }
}
