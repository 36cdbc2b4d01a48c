namespace RasMfa.Engine.Delivery
{
    /// <summary>Whether a channel's provider took the message, and if not, why (words for the audit log and the admin, never a secret).</summary>
    public sealed class DeliveryResult
    {
        private DeliveryResult(bool delivered, string? failure, string? providerReference)
        {
            Delivered = delivered;
            Failure = failure;
            ProviderReference = providerReference;
        }

        public bool Delivered { get; }

        /// <summary>Null when delivered; e.g. "the gateway answered 503", "the mail server refused the sender".</summary>
        public string? Failure { get; }

        /// <summary>The provider's id for the message (a Twilio SID, a queue id), when it gives one.</summary>
        public string? ProviderReference { get; }

        public static DeliveryResult Sent(string? providerReference = null) => new DeliveryResult(true, null, providerReference);

        public static DeliveryResult Failed(string failure) => new DeliveryResult(false, failure, null);
    }
}
