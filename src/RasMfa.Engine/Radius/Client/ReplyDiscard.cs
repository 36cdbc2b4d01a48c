namespace RasMfa.Engine.Radius.Client
{
    /// <summary>Why a client ignored a datagram that came back on its socket, as if it had not arrived.</summary>
    public enum ReplyDiscard
    {
        /// <summary>Not from the address and port the request went to.</summary>
        WrongSource,

        /// <summary>Too short, shorter than its Length field, with broken attributes, or not an Access-Accept, -Reject or -Challenge.</summary>
        Malformed,

        /// <summary>Its Identifier is not the request's.</summary>
        WrongIdentifier,

        /// <summary>Its Response Authenticator does not match the request and the shared secret.</summary>
        BadResponseAuthenticator,

        /// <summary>It carries a Message-Authenticator that does not verify.</summary>
        BadMessageAuthenticator,

        /// <summary>It carries no Message-Authenticator, and the server is required to sign its replies.</summary>
        MissingMessageAuthenticator,
    }
}
