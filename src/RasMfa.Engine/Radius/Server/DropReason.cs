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

        /// <summary>A first round that would open a challenge, from a client at its cap of open challenges.</summary>
        ChallengeLimitPerClient,

        /// <summary>A first round that would open a challenge while the listener holds its total cap of them.</summary>
        ChallengeLimitTotal,

        /// <summary>A "Forward username only" request without a valid Message-Authenticator: anyone could forge it.</summary>
        UnsignedChallengeRequest,

        /// <summary>More requests being decided at once than MaxRequestsInFlight allows.</summary>
        InFlightLimit,

        /// <summary>The client's shared secret cannot be unsealed (damaged, or sealed with another key): it is disabled.</summary>
        ClientUnreadable,

        /// <summary>The handler withheld the answer (the store could not record the decision in time): the client fails over.</summary>
        AnswerWithheld,

        /// <summary>
        /// Another server on the shared store claimed the same request (RAS active-active) and had not answered within
        /// DuplicateWaitSeconds: no answer; the client's retransmission gets the answer, or takes the claim over.
        /// </summary>
        AnswerAwaitedElsewhere,

        /// <summary>The answer would exceed the 4096 octets RADIUS allows: none is sent.</summary>
        ReplyTooLong,
    }
}
