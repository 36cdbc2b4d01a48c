using System.Threading;
using System.Threading.Tasks;

namespace RasMfa.Engine.Delivery
{
    /// <summary>
    /// One way to reach a person out of band: an SMS gateway, a voice call, a mail server, a push webhook. A channel sends;
    /// it never decides (codes, rate limits and the audit are the method's and the store's), and it never logs a message's
    /// text, which may hold a code.
    /// </summary>
    public interface IDeliveryChannel
    {
        /// <summary>What the channel delivers, for the audit and for choosing a channel per method.</summary>
        DeliveryKind Kind { get; }

        /// <summary>
        /// Sends <paramref name="message"/>. A refusal or fault of the provider is a <see cref="DeliveryResult"/> that says
        /// why in words safe for the audit log, not an exception; only cancellation throws.
        /// </summary>
        Task<DeliveryResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken);
    }
}
