using System;

namespace RasMfa.Engine.Storage
{
    public enum StoreErrorKind
    {
        NotFound,
        DuplicateName,
        DuplicateAddress,
        Unreadable,
    }

    /// <summary>A store operation refused for a reason the admin can act on.</summary>
    public sealed class StoreException : Exception
    {
        public StoreException(StoreErrorKind kind, string message, Exception? inner = null) : base(message, inner)
        {
            Kind = kind;
        }

        public StoreErrorKind Kind { get; }
    }
}
