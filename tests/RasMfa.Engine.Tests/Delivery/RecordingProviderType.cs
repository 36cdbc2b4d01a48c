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

        /// <summary>Settings holding "clear" are warned about, as a provider sending in clear is.</summary>
        public IReadOnlyList<string> Warnings(DeliveryProviderDefinition provider) =>
            provider.Settings.Contains("clear") ? new[] { $"The {provider.Kind} provider sends in clear." } : new string[0];

        public IDeliveryChannel CreateChannel(DeliveryProviderDefinition provider, DeliveryEnvironment environment)
        {
            var channel = new RecordingChannel(provider.Kind, provider.Secret);
            Made.Add(channel);
            return channel;
        }
    }

    /// <summary>Keeps what it is given; records its disposal; while <see cref="Hold"/> is not set, a send waits for it.</summary>
    public sealed class RecordingChannel : IDeliveryChannel, System.IDisposable
    {
        public RecordingChannel(DeliveryKind kind, byte[]? secret)
        {
            Kind = kind;
            Secret = secret;
        }

        public DeliveryKind Kind { get; }

        public byte[]? Secret { get; }

        public List<OutgoingMessage> Sent { get; } = new List<OutgoingMessage>();

        /// <summary>Null: sends finish at once; else each send waits until it completes (a send in flight).</summary>
        public TaskCompletionSource<bool>? Hold { get; set; }

        /// <summary>Set when a send has begun (and is waiting on <see cref="Hold"/>, if any).</summary>
        public TaskCompletionSource<bool> Began { get; } = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Disposals { get; private set; }

        /// <summary>Whether it was disposed while a send was in flight through it: what a replaced channel must never be.</summary>
        public bool DisposedWhileSending { get; private set; }

        private int _sending;

        public async Task<DeliveryResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
        {
            if (Disposals > 0) throw new System.ObjectDisposedException(nameof(RecordingChannel));
            Interlocked.Increment(ref _sending);
            try
            {
                Began.TrySetResult(true);
                if (Hold != null) await Hold.Task.ConfigureAwait(false);
                lock (Sent) Sent.Add(message);
                return DeliveryResult.Sent("recorded-" + Sent.Count);
            }
            finally
            {
                Interlocked.Decrement(ref _sending);
            }
        }

        public void Dispose()
        {
            if (Volatile.Read(ref _sending) > 0) DisposedWhileSending = true;
            Disposals++;
        }
    }
}
