namespace RasMfa.Engine.Radius.Server
{
    /// <summary>
    /// Implemented by a handler that issues challenges: tells, cheaply and without using it up, whether a State names one of
    /// its open challenges for this client, so that the listener can let second rounds in first under load.
    /// </summary>
    public interface IOpenChallengeLookup
    {
        bool IsOpen(byte[] state, string clientName);
    }
}
