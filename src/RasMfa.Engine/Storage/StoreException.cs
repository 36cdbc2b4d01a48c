using System;

namespace RasMfa.Engine.Storage
{
    public enum StoreErrorKind
    {
        NotFound,
        Duplicate,
        Conflict,
        Invalid,
        Unreadable,

        /// <summary>The store's files could be read or changed by accounts other than the trusted ones.</summary>
        Insecure,

        /// <summary>This account may not use the store.</summary>
        AccessDenied,
    }

    /// <summary>A store operation refused for a reason the admin can act on; ErrorId becomes the cmdlet's error id.</summary>
    public sealed class StoreException : Exception
    {
        public StoreException(StoreErrorKind kind, string errorId, string message, Exception? inner = null) : base(message, inner)
        {
            Kind = kind;
            ErrorId = errorId;
        }

        public StoreErrorKind Kind { get; }

        public string ErrorId { get; }
    }
}
