using System;
using RasMfa.Engine.Administration;

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

        /// <summary>The store could not be reached in time (its write lock held by another process).</summary>
        Unavailable,
    }

    /// <summary>A store operation refused for a reason the admin can act on; its texts name no cmdlet or parameter.</summary>
    public sealed class StoreException : EngineException
    {
        public StoreException(StoreErrorKind kind, string errorId, string message, Exception? inner = null) : base(ToEngineKind(kind), errorId, message, inner)
        {
            Kind = kind;
        }

        /// <summary>The store's own kind, kept beside <see cref="EngineException.Kind"/> for the code that already names it.</summary>
        public new StoreErrorKind Kind { get; }

        private static EngineErrorKind ToEngineKind(StoreErrorKind kind) => kind switch
        {
            StoreErrorKind.NotFound => EngineErrorKind.NotFound,
            StoreErrorKind.Duplicate => EngineErrorKind.AlreadyExists,
            StoreErrorKind.Conflict => EngineErrorKind.Conflict,
            StoreErrorKind.Invalid => EngineErrorKind.InvalidArgument,
            StoreErrorKind.Insecure => EngineErrorKind.Insecure,
            StoreErrorKind.AccessDenied => EngineErrorKind.AccessDenied,
            StoreErrorKind.Unavailable => EngineErrorKind.Unavailable,
            _ => EngineErrorKind.Unreadable,
        };
    }
}
