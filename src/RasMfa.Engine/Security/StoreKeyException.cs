using System;
using RasMfa.Engine.Administration;

namespace RasMfa.Engine.Security
{
    /// <summary>
    /// The shared store's key could not be wrapped, unwrapped, kept or found, for a reason the admin can act on.
    /// Its ErrorId is one of the constants here; the cmdlets turn it into the ErrorRecord's id.
    /// </summary>
    public sealed class StoreKeyException : EngineException
    {
        public const string PassphraseTooShortId = "StoreKeyPassphraseTooShort";
        public const string PassphraseWrongId = "StoreKeyPassphraseWrong";
        public const string EscrowOfAnotherStoreId = "StoreKeyEscrowOfAnotherStore";
        public const string EscrowDamagedId = "StoreKeyEscrowDamaged";
        public const string EscrowUnsupportedId = "StoreKeyEscrowUnsupported";
        public const string StoreIdInvalidId = "StoreIdInvalid";
        public const string NotJoinedId = "StoreKeyNotJoined";
        public const string NotPrivateId = "StoreKeyNotPrivate";
        public const string LocalKeyUnreadableId = "StoreKeyLocalUnreadable";
        public const string AccessDeniedId = "StoreKeyAccessDenied";
        public const string EscrowMissingId = "StoreKeyEscrowMissing";
        public const string EscrowExistsId = "StoreKeyEscrowExists";
        public const string EscrowStaleId = "StoreKeyEscrowStale";

        /// <summary>The command that gives a server the store's key; named in the messages that send the admin to it.</summary>
        public const string JoinCommand = "Join-RasMfaStore";

        public StoreKeyException(EngineErrorKind kind, string errorId, string message, Exception? inner = null, object? target = null)
            : base(kind, errorId, message, inner, target)
        {
        }
    }
}
