namespace RasMfa.Engine.Storage
{
    /// <summary>What Join-RasMfaStore did: where this server now keeps the shared store's key, or that it already held it.</summary>
    public sealed class StoreJoinResult
    {
        internal StoreJoinResult(string storeId, string keyPath, bool alreadyJoined)
        {
            StoreId = storeId;
            KeyPath = keyPath;
            AlreadyJoined = alreadyJoined;
        }

        public string StoreId { get; }

        /// <summary>The file this server keeps the key in (DPAPI machine scope on Windows, owner-only elsewhere).</summary>
        public string KeyPath { get; }

        /// <summary>True when this server already held the store's key: nothing was written.</summary>
        public bool AlreadyJoined { get; }
    }
}
