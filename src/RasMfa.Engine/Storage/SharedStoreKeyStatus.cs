namespace RasMfa.Engine.Storage
{
    /// <summary>A shared store's key as this server sees it: held or not (and why not), and the store's escrow if it keeps one.</summary>
    public sealed class SharedStoreKeyStatus
    {
        internal SharedStoreKeyStatus(string? storeId, bool keyHeld, string? keyProblem, StoreKeyEscrowInfo? escrow)
        {
            StoreId = storeId;
            KeyHeld = keyHeld;
            KeyProblem = keyProblem;
            Escrow = escrow;
        }

        /// <summary>The store's id; null while no server has opened the store.</summary>
        public string? StoreId { get; }

        /// <summary>True when this server keeps a key that opens the store's key check value.</summary>
        public bool KeyHeld { get; }

        /// <summary>Why the key is not held (not joined, not the store's key, not private, ...); null when it is.</summary>
        public string? KeyProblem { get; }

        /// <summary>The store's escrow, or null when it keeps none (no server can join it with a passphrase yet).</summary>
        public StoreKeyEscrowInfo? Escrow { get; }

        public override string ToString() =>
            (KeyHeld ? "key held here" : "key not held here") + "; " + (Escrow == null ? "no escrow" : "escrow " + Escrow);
    }
}
