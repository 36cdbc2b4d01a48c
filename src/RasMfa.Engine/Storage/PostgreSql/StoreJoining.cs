using System;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Security;

namespace RasMfa.Engine.Storage.PostgreSql
{
    /// <summary>
    /// Join-RasMfaStore: a server without the store's key unwraps it from the escrow the store keeps, with the admin's
    /// passphrase, and keeps it (<see cref="LocalStoreKeys"/>) only once it has opened the store's key check value: a key
    /// that does not open the store is never saved. A server that already holds the right key keeps it, untouched; a key it
    /// replaces is kept as a retired one, which <see cref="PostgreSqlStoreKey.LoadProved"/> tries for a store it opens (a
    /// copy of a database keeps the original's id: joining the copy must not take the original's key). A listener running
    /// here takes the joined key without a restart (<see cref="StoreKeyFollower"/>).
    /// </summary>
    internal static class StoreJoining
    {
        public static StoreJoinResult? Join(KeylessPostgreSqlStore store, string passphrase, IChangeReview review)
        {
            var (storeId, keyCheck, escrow) = store.Read(connection => store.ReadKeyState(connection, null));
            if (escrow == null)
                throw new StoreKeyException(EngineErrorKind.NotFound, StoreKeyException.EscrowMissingId,
                    $"The shared store '{storeId}' keeps no escrow of its key, so no server can join it with a passphrase yet. On a server that " +
                    "already opens the store, run Add-RasMfaStoreKey with a passphrase, then run Join-RasMfaStore here with the same passphrase.", target: storeId);
            var key = StoreKeyEscrow.Unwrap(escrow.Blob, passphrase, storeId); // StoreKeyPassphraseWrong
            try
            {
                if (keyCheck == null || !PostgreSqlStoreKey.Opens(key, keyCheck)) throw Stale(storeId, escrow);
                var path = store.Keys.PathOf(storeId);
                if (Holds(store.Keys, storeId, key)) return new StoreJoinResult(storeId, path, alreadyJoined: true);
                if (!review.Approve(path, $"Keep the key of shared store '{storeId}' on this server")) return null;
                store.Locked((connection, transaction) =>
                {
                    // Under the lock a rotation holds until it commits: the key saved is the store's at this moment.
                    var (_, checkNow, escrowNow) = store.ReadKeyState(connection, transaction);
                    if (checkNow == null || !PostgreSqlStoreKey.Opens(key, checkNow)) throw Stale(storeId, escrowNow ?? escrow);
                    // The key replaced stays among the retired ones: the store it opens (the original of a restored copy) still opens here.
                    store.Keys.SaveKeepingReplaced(storeId, key);
                    return true;
                });
                return new StoreJoinResult(storeId, path, alreadyJoined: false);
            }
            finally
            {
                Array.Clear(key, 0, key.Length);
            }
        }

        // The key this server keeps is already the one unwrapped (a second join, or the server that made the escrow). A
        // key file that cannot be read here is not held: the join replaces it. One others could read is refused by Save.
        private static bool Holds(LocalStoreKeys keys, string storeId, byte[] key)
        {
            if (!keys.Has(storeId)) return false;
            byte[] held;
            try
            {
                held = keys.Load(storeId);
            }
            catch (StoreKeyException e) when (e.ErrorId == StoreKeyException.LocalKeyUnreadableId)
            {
                return false;
            }
            int difference = held.Length ^ key.Length;
            for (int i = 0; i < Math.Min(held.Length, key.Length); i++) difference |= held[i] ^ key[i];
            Array.Clear(held, 0, held.Length);
            return difference == 0;
        }

        private static StoreKeyException Stale(string storeId, StoreKeyEscrowRow escrow) =>
            new StoreKeyException(EngineErrorKind.Conflict, StoreKeyException.EscrowStaleId,
                $"The escrow of shared store '{storeId}' (made {escrow.CreatedUtc:u} on {escrow.CreatedBy}) holds a key that does not open the store: " +
                "the store's key was changed since (Update-RasMfaStoreKey writes a new escrow; an older one was put back), or the store's key check " +
                "value was altered. Nothing was saved on this server. On a server that opens the store, run Add-RasMfaStoreKey -Force with a passphrase, " +
                "then join again with it.", target: storeId);
    }
}
