namespace RasMfa.Engine.Radius.Server
{
    /// <summary>
    /// Implemented by a handler that issues challenges: tells, from what it holds in memory (never a store read, and
    /// without using it up), whether a State names a challenge open for this client, so that the listener can let second
    /// rounds past its in-flight cap. Asked only of requests the cap has refused.
    /// </summary>
    public interface IOpenChallengeLookup
    {
        bool IsKnownOpen(byte[] state, string clientName);
    }
}
