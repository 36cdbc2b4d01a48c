using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Delivery;

namespace RasMfa.Engine.Tests.Mfa.OutOfBand
{
    /// <summary>A channel per kind that records what it is asked to send and answers as the test says (delivered, or failed with a reason).</summary>
    public sealed class RecordingChannels : IDeliveryChannels
    {
        private readonly ConcurrentDictionary<DeliveryKind, RecordingChannel> _channels = new ConcurrentDictionary<DeliveryKind, RecordingChannel>();

        public RecordingChannels(params DeliveryKind[] kinds)
        {
            foreach (var kind in kinds.Length == 0 ? new[] { DeliveryKind.Sms, DeliveryKind.Voice, DeliveryKind.Email } : kinds) _channels[kind] = new RecordingChannel(kind);
        }

        public IDeliveryChannel? For(DeliveryKind kind) => _channels.TryGetValue(kind, out var channel) ? channel : null;

        public RecordingChannel this[DeliveryKind kind] => _channels[kind];

        /// <summary>Every message sent, by any channel.</summary>
        public IReadOnlyList<OutgoingMessage> Sent => _channels.Values.SelectMany(channel => channel.Sent).ToList();

        /// <summary>The code in the last message sent by <paramref name="kind"/>, as the person would read it.</summary>
        public string LastCode(DeliveryKind kind) => CodeIn(this[kind].Sent.Last().Text);

        public static string CodeIn(string text) => Regex.Match(text, @"code is ([0-9, ]+?)[.]").Groups[1].Value.Replace(", ", "");
    }

    public sealed class RecordingChannel : IDeliveryChannel
    {
        private readonly ConcurrentQueue<OutgoingMessage> _sent = new ConcurrentQueue<OutgoingMessage>();

        public RecordingChannel(DeliveryKind kind) => Kind = kind;

        public DeliveryKind Kind { get; }

        /// <summary>Null: delivered; else the provider's failure.</summary>
        public string? Failure { get; set; }

        public IReadOnlyList<OutgoingMessage> Sent => _sent.ToList();

        public Task<DeliveryResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
        {
            _sent.Enqueue(message);
            return Task.FromResult(Failure == null ? DeliveryResult.Sent("ref-" + _sent.Count) : DeliveryResult.Failed(Failure));
        }
    }
}
