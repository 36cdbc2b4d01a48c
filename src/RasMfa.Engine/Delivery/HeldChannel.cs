using System;
using System.Threading;
using System.Threading.Tasks;

namespace RasMfa.Engine.Delivery
{
    /// <summary>
    /// A configured channel as the listener hands it out: held by its configuration and by each send in flight, and
    /// disposed (its HttpClient and connections let go) once its configuration was replaced and no send holds it. A send
    /// that comes after that (a method took the channel before the change and sends after it) goes through the channel
    /// that replaced it, so it reaches the provider as it is now, or fails as a removed provider would.
    /// </summary>
    internal sealed class HeldChannel : IDeliveryChannel
    {
        private readonly IDeliveryChannel _channel;
        // One hold for the configuration, one per send in flight; 0 once disposed, never raised again.
        private int _holds = 1;
        private IDeliveryChannels? _successor;

        public HeldChannel(IDeliveryChannel channel) => _channel = channel;

        public DeliveryKind Kind => _channel.Kind;

        public async Task<DeliveryResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
        {
            if (!TryHold())
            {
                var current = Volatile.Read(ref _successor)?.For(Kind);
                return current == null
                    ? DeliveryResult.Failed($"the {Kind} provider is no longer configured")
                    : await current.SendAsync(message, cancellationToken).ConfigureAwait(false);
            }
            try
            {
                return await _channel.SendAsync(message, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Release();
            }
        }

        /// <summary>The configuration lets go of the channel, which <paramref name="successor"/> replaces; it is disposed now if idle, else after its last send.</summary>
        public void Retire(IDeliveryChannels successor)
        {
            Volatile.Write(ref _successor, successor);
            Release();
        }

        private bool TryHold()
        {
            while (true)
            {
                var holds = Volatile.Read(ref _holds);
                if (holds == 0) return false;
                if (Interlocked.CompareExchange(ref _holds, holds + 1, holds) == holds) return true;
            }
        }

        private void Release()
        {
            if (Interlocked.Decrement(ref _holds) == 0) (_channel as IDisposable)?.Dispose();
        }
    }
}
