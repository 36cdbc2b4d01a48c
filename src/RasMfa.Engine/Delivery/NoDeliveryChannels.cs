namespace RasMfa.Engine.Delivery
{
    /// <summary>A store with no delivery provider configured: every out-of-band method is unavailable.</summary>
    public sealed class NoDeliveryChannels : IDeliveryChannels
    {
        public static readonly NoDeliveryChannels Instance = new NoDeliveryChannels();

        private NoDeliveryChannels()
        {
        }

        public IDeliveryChannel? For(DeliveryKind kind) => null;
    }
}
