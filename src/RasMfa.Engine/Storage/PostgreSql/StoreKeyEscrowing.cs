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
            // The key wrapped is kept until the write, which proves that very key, not the key file as it is by then.
            var key = store.ProvedKey(storeId, keyCheck);
            try
            {
                var blob = StoreKeyEscrow.Wrap(key, passphrase, storeId);
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
                    if (checkNow == null || !PostgreSqlStoreKey.Opens(key, checkNow)) throw KeyChanged(storeId, store);
                    StoreKeyEscrowRows.Write(connection, transaction, row);
                    return true;
                });
                return new StoreKeyEscrowInfo(storeId, row.CreatedUtc, row.CreatedBy);
            }
            finally
            {
                Array.Clear(key, 0, key.Length);
            }
        }

        // A rotation (here or on another server) committed between the wrap and the write: the escrow would wrap a retired key.
        private static StoreException KeyChanged(string storeId, KeylessPostgreSqlStore store) => new StoreException(StoreErrorKind.Unreadable, StoreKeyCheck.MismatchErrorId,
            $"The key of shared store '{storeId}' changed meanwhile (a rotation committed while this command waited for its confirmation), so the " +
            $"escrow made would wrap the retired key: nothing was written. Run the command again; it wraps the key this server now holds ({store.Keys.PathOf(storeId)}).");

        private static StoreKeyException Exists(string storeId, StoreKeyEscrowRow existing) =>
            new StoreKeyException(EngineErrorKind.AlreadyExists, StoreKeyException.EscrowExistsId,
                $"The shared store '{storeId}' already keeps an escrow of its key, made {existing.CreatedUtc:u} on {existing.CreatedBy}. " +
                "Replacing it means the passphrase it was made with no longer joins a server: add -Force to replace it.", target: storeId);
    }
}
