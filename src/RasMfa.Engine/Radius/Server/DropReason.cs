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

        /// <summary>The client's shared secret cannot be unsealed (damaged, or sealed with another key): it is disabled.</summary>
        ClientUnreadable,

        /// <summary>The handler withheld the answer (the store could not record the decision in time): the client fails over.</summary>
        AnswerWithheld,

        /// <summary>The answer would exceed the 4096 octets RADIUS allows: none is sent.</summary>
        ReplyTooLong,
    }
}
