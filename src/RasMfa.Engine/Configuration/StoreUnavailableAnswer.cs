namespace RasMfa.Engine.Configuration
{
    /// <summary>What a login gets when the store cannot record its decision within StoreWriteTimeoutSeconds.</summary>
    public enum StoreUnavailableAnswer
    {
        /// <summary>No answer: the RADIUS client retries, then fails over to its other server (the default).</summary>
        Silence,

        /// <summary>Access-Reject: the user is told at once and tries again; for a client with no other server.</summary>
        Reject,
    }
}
