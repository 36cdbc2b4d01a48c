namespace RasMfa.Engine.Administration
{
    /// <summary>Why the engine refused an operation; the cmdlets turn each kind into one ErrorCategory.</summary>
    public enum EngineErrorKind
    {
        NotFound,

        /// <summary>Something with the same name (or address, or serial) is already stored.</summary>
        AlreadyExists,

        /// <summary>The request is well formed but clashes with what is stored (in use, already enrolled, codes already used).</summary>
        Conflict,

        InvalidArgument,

        /// <summary>Something outside the store (a directory, a file) could not be reached or read.</summary>
        Unavailable,

        /// <summary>Stored data this RasMfa cannot read (an unknown value, a secret sealed on another machine).</summary>
        Unreadable,

        /// <summary>The store's files could be read or changed by accounts other than the trusted ones.</summary>
        Insecure,

        /// <summary>This account may not use the store.</summary>
        AccessDenied,
    }
}
