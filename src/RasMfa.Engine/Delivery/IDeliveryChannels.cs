namespace RasMfa.Engine.Delivery
{
    /// <summary>
    /// The channels configured for this store, one per kind (Set-RasMfaSmsProvider, Set-RasMfaMailProvider, ...), as the
    /// running listener sees them: re-read when the store's change version moves.
    /// </summary>
    public interface IDeliveryChannels
    {
        /// <summary>The channel for <paramref name="kind"/>; null when none is configured (the method is then unavailable).</summary>
        IDeliveryChannel? For(DeliveryKind kind);
    }
}
