namespace RasMfa.Engine.Delivery.Smtp
{
    /// <summary>Where in a send a fault happened, so that its explanation can say so.</summary>
    internal enum SmtpStep
    {
        Connect,
        Authenticate,
        Send,
        Quit,
    }
}
