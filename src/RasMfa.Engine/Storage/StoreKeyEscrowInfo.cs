using System;

namespace RasMfa.Engine.Storage
{
    /// <summary>A shared store's key escrow, as an admin is shown it: never its blob, which only the passphrase opens.</summary>
    public sealed class StoreKeyEscrowInfo
    {
        internal StoreKeyEscrowInfo(string storeId, DateTime createdUtc, string createdBy)
        {
            StoreId = storeId;
            CreatedUtc = createdUtc;
            CreatedBy = createdBy;
        }

        public string StoreId { get; }

        public DateTime CreatedUtc { get; }

        /// <summary>The server (machine name) where it was made.</summary>
        public string CreatedBy { get; }

        public override string ToString() => $"made {CreatedUtc:u} on {CreatedBy}";
    }
}
