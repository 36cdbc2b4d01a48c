using System;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Security;

namespace RasMfa.Engine.Storage.PostgreSql
{
    /// <summary>
    /// Add-RasMfaStoreKey: a server that holds the store's key wraps it with the admin's passphrase and keeps the escrow in
    /// the store, for the servers that join later. An escrow kept before is replaced only when the admin says so (-Force).
    /// </summary>
    internal static class StoreKeyEscrowing
    {
        public static StoreKeyEscrowInfo? Add(KeylessPostgreSqlStore store, string passphrase, bool replace, IChangeReview review, string machine, DateTime nowUtc)
        {
            // Everything is checked before the admin is asked: the key this server holds opens the store, and the passphrase is long enough.
            var (storeId, keyCheck, existing) = store.Read(connection => store.ReadKeyState(connection, null));
            if (existing != null && !replace) throw Exists(storeId, existing);
            var key = store.ProvedKey(storeId, keyCheck);
            byte[] blob;
            try
            {
                blob = StoreKeyEscrow.Wrap(key, passphrase, storeId);
            }
            finally
            {
                Array.Clear(key, 0, key.Length);
            }
            var action = existing == null
                ? $"Keep the key of shared store '{storeId}' in the store, wrapped with the passphrase given (its escrow)"
                : $"Replace the escrow of shared store '{storeId}' made {existing.CreatedUtc:u} on {existing.CreatedBy}: the old passphrase no longer joins a server";
            if (!review.Approve(store.Location, action)) return null;

            var row = new StoreKeyEscrowRow(blob, nowUtc, machine);
            store.Locked((connection, transaction) =>
            {
                // Under the lock that rotations take: the key wrapped is still the store's, and no escrow arrived meanwhile.
                var (_, checkNow, escrowNow) = store.ReadKeyState(connection, transaction);
                if (escrowNow != null && !replace) throw Exists(storeId, escrowNow);
                Array.Clear(store.ProvedKey(storeId, checkNow), 0, AesGcmLayout.KeyLength);
                StoreKeyEscrowRows.Write(connection, transaction, row);
                return true;
            });
            return new StoreKeyEscrowInfo(storeId, row.CreatedUtc, row.CreatedBy);
        }

        private static StoreKeyException Exists(string storeId, StoreKeyEscrowRow existing) =>
            new StoreKeyException(EngineErrorKind.AlreadyExists, StoreKeyException.EscrowExistsId,
                $"The shared store '{storeId}' already keeps an escrow of its key, made {existing.CreatedUtc:u} on {existing.CreatedBy}. " +
                "Replacing it means the passphrase it was made with no longer joins a server: add -Force to replace it.", target: storeId);
    }
}
