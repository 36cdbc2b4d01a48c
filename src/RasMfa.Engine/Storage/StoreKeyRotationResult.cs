using System;

namespace RasMfa.Engine.Storage
{
    /// <summary>What Update-RasMfaStoreKey did: how many secrets were resealed with the new key, and the new escrow.</summary>
    public sealed class StoreKeyRotationResult
    {
        internal StoreKeyRotationResult(string storeId, string keyPath, int secretsResealed, int secretsUnreadable, DateTime escrowCreatedUtc, string escrowCreatedBy)
        {
            StoreId = storeId;
            KeyPath = keyPath;
            SecretsResealed = secretsResealed;
            SecretsUnreadable = secretsUnreadable;
            EscrowCreatedUtc = escrowCreatedUtc;
            EscrowCreatedBy = escrowCreatedBy;
        }

        public string StoreId { get; }

        /// <summary>Where this server keeps the new key.</summary>
        public string KeyPath { get; }

        public int SecretsResealed { get; }

        /// <summary>Secrets the old key did not open either, left as they were.</summary>
        public int SecretsUnreadable { get; }

        public DateTime EscrowCreatedUtc { get; }

        public string EscrowCreatedBy { get; }
    }
}
