namespace RasMfa.Engine.Delivery
{
    /// <summary>What a channel delivers.</summary>
    public enum DeliveryKind
    {
        Sms,
        Voice,
        Email,
        /// <summary>A notification carrying a push approval link (a webhook: ntfy, Teams, an in-house app).</summary>
        Push,
    }
}
