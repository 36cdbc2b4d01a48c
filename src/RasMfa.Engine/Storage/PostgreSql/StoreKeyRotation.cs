using System;
using System.Security.Cryptography;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Security;

namespace RasMfa.Engine.Storage.PostgreSql
{
    /// <summary>
    /// Update-RasMfaStoreKey: the store gets a new random key. Every secret sealed with the old key is resealed with the
    /// new one in one transaction, together with the new key check value and a new escrow (the old escrow wraps the old
    /// key, so it goes). The order keeps the new key from being lost: it is saved on this server first, under a pending
    /// name of this rotation's own, then the store commits, then it takes the old key's place. A crash before the commit leaves the store on the
    /// old key (the pending one is never used); a crash after it leaves the new key pending, which the next open on this
    /// server finds and puts in place (<see cref="PostgreSqlStoreKey.LoadProved"/>); and the new escrow opens with the
    /// passphrase on any server. Other servers are refused their next open (StoreKeyMismatch) and their next sealing write
    /// (StoreKeyCheck) until they join again; a listener running anywhere follows the new key from its server's key files
    /// once they hold it (<see cref="StoreKeyFollower"/>: here at once, elsewhere after Join-RasMfaStore).
    /// </summary>
    internal static class StoreKeyRotation
    {
        public static StoreKeyRotationResult? Rotate(KeylessPostgreSqlStore store, string passphrase, IChangeReview review, string machine, DateTime nowUtc)
        {
            var (storeId, keyCheck, _) = store.Read(connection => store.ReadKeyState(connection, null));
            Array.Clear(store.ProvedKey(storeId, keyCheck), 0, AesGcmLayout.KeyLength); // only a server holding the key rotates it
            var newKey = new byte[AesGcmLayout.KeyLength];
            using (var random = RandomNumberGenerator.Create()) random.GetBytes(newKey);
            try
            {
                var escrow = new StoreKeyEscrowRow(StoreKeyEscrow.Wrap(newKey, passphrase, storeId), nowUtc, machine); // StoreKeyPassphraseTooShort
                if (!review.Approve(store.Location,
                        $"Give shared store '{storeId}' a new key: reseal its secrets and replace its escrow. Every other server is refused its secrets until it " +
                        "joins again (Join-RasMfaStore); listeners on this server take the new key without a restart")) return null;

                var pendingPath = store.Keys.SavePending(storeId, newKey);
                var newProtector = AesGcmSecretProtector.ForStoreKey(newKey);
                var (resealed, unreadable) = store.Locked((connection, transaction) =>
                {
                    var (_, checkNow, _) = store.ReadKeyState(connection, transaction);
                    var oldKey = store.ProvedKey(storeId, checkNow); // still the store's: no rotation elsewhere meanwhile
                    var oldProtector = AesGcmSecretProtector.ForStoreKey(oldKey);
                    Array.Clear(oldKey, 0, oldKey.Length);
                    var counts = SealedSecretColumns.Reseal(connection, transaction, SealedSecretFormat.StoreKeyAesGcm, oldProtector, newProtector);
                    StoreKeyCheck.SealKnown(connection, transaction, newProtector);
                    StoreKeyEscrowRows.Write(connection, transaction, escrow);
                    return counts;
                });
                store.Keys.PromotePending(storeId, pendingPath);
                if (unreadable > 0)
                    review.Warn($"{unreadable} secret(s) of shared store '{storeId}' did not open with its old key either and were left as they were: " +
                        "they were unusable before the rotation and still are. Set those records' secrets again (Get-RasMfaRadiusClient and the other " +
                        "Get- cmdlets flag them as unreadable).");
                return new StoreKeyRotationResult(storeId, store.Keys.PathOf(storeId), resealed, unreadable, escrow.CreatedUtc, escrow.CreatedBy);
            }
            finally
            {
                Array.Clear(newKey, 0, newKey.Length);
            }
        }
    }
}
