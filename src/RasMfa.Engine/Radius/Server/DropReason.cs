namespace RasMfa.Engine.Radius.Server
{
    /// <summary>Why the listener silently discarded a datagram. Each has its own counter.</summary>
    public enum DropReason
    {
        UnknownClient,
        BadLength,
        MalformedAttributes,
        UnknownCode,
        MissingMessageAuthenticator,
        BadMessageAuthenticator,
        ProxyStateWithoutMessageAuthenticator,
        InvalidRequest,
        DuplicateInProgress,
        StatusServerRateLimited,
        HandlerFault,
        ReplyTooLong,
    }
}
