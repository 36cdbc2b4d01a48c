using System;
using System.Data.Common;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Security;

namespace RasMfa.Engine.Storage.PostgreSql
{
    /// <summary>
    /// The shared store's secrets are sealed with the store's own key (AES-256-GCM, <see cref="SealedSecretFormat.StoreKeyAesGcm"/>),
    /// which each server keeps for the store's id (<see cref="LocalStoreKeys"/>: DPAPI machine scope on Windows, a private
    /// key file elsewhere). The first server to open an empty store makes the key; a server without it is refused
    /// (StoreKeyNotJoined) until it joins; a key that does not open the store's key check value is refused (StoreKeyMismatch)
    /// and seals nothing. Decided under the administrative advisory lock, so servers starting at once make one key between them.
    /// </summary>
    internal static class PostgreSqlStoreKey
    {
        // A store with secrets but no check value (none today) is judged on a few of them, as StoreKeyCheck does.
        private const int SecretsTried = 20;

        /// <summary>The store's id, made with its schema: each server keeps the store's key under it, and escrows name it.</summary>
        public static string ReadStoreId(DbConnection connection, DbTransaction? transaction)
        {
            using var command = StoreDatabase.Command(connection, transaction, "SELECT store_id FROM store_identity WHERE id = 1");
            return (string)command.ExecuteScalar()!;
        }

        public static (ISecretProtector, StoreKeyCheck) Open(DbConnection connection, LocalStoreKeys keys)
        {
            using var transaction = connection.BeginTransaction();
            PostgreSqlDialect.TakeAdministrativeLock(connection, transaction);
            var storeId = ReadStoreId(connection, transaction);
            var stored = StoreKeyCheck.Read(connection, transaction);
            Func<string, StoreException> mismatch = why => Mismatch(storeId, keys.PathOf(storeId), why);
            byte[] key;
            if (!keys.Has(storeId) && stored == null && SealedSecretColumns.CountSealedAs(connection, transaction, SealedSecretFormat.StoreKeyAesGcm) == 0)
            {
                // A new store: this server makes its key, kept here before the check value that depends on it commits.
                key = new byte[AesGcmLayout.KeyLength];
                using (var random = RandomNumberGenerator.Create()) random.GetBytes(key);
                keys.Save(storeId, key);
            }
            else if (stored != null)
            {
                key = LoadProved(keys, storeId, stored, mismatch);
            }
            else
            {
                key = keys.Load(storeId); // StoreKeyNotJoined when this server has not joined
            }
            var protector = AesGcmSecretProtector.ForStoreKey(key);
            Array.Clear(key, 0, key.Length);
            StoreKeyCheck check;
            if (stored != null)
            {
                // Never replaced here, even with nothing sealed yet: other servers may already hold the key it was sealed with.
                if (!StoreKeyCheck.Opens(protector, stored)) throw mismatch("it does not unseal the key check value the store keeps");
                check = StoreKeyCheck.Over(protector, stored, mismatch);
            }
            else
            {
                var (tried, opened) = SealedSecretColumns.TryUnseal(connection, transaction, SealedSecretFormat.StoreKeyAesGcm, protector, SecretsTried);
                if (tried > 0 && opened == 0) throw mismatch($"it unseals none of the {tried} secret(s) tried");
                check = StoreKeyCheck.Over(protector, StoreKeyCheck.SealKnown(connection, transaction, protector), mismatch);
            }
            transaction.Commit();
            return (protector, check);
        }

        /// <summary>
        /// This server's key for the store, proved against the store's key check value <paramref name="stored"/>. A rotation
        /// on this server that committed and stopped before its new key took the current one's place left it pending: when
        /// the current key does not open the store and a pending one does, the rotation is finished here. Call it under
        /// the administrative lock, which a rotation holds until it commits.
        /// </summary>
        /// <param name="includeRetired">
        /// False for a store already open (<see cref="Follower"/>): a running process never goes back to a key a rotation or a
        /// join replaced here, so that whoever can write the database and holds a retired key cannot move it back onto that key.
        /// </param>
        internal static byte[] LoadProved(LocalStoreKeys keys, string storeId, byte[] stored, Func<string, StoreException> mismatch, bool includeRetired = true)
        {
            var key = keys.Load(storeId); // StoreKeyNotJoined when this server has not joined
            if (Opens(key, stored)) return key;
            Array.Clear(key, 0, key.Length);
            // Rotations started at once each left a key of their own: the one the store committed opens it, the others never will.
            foreach (var pendingPath in keys.PendingPaths(storeId))
            {
                var pending = keys.LoadAt(storeId, pendingPath);
                if (Opens(pending, stored))
                {
                    keys.PromotePending(storeId, pendingPath);
                    return pending;
                }
                Array.Clear(pending, 0, pending.Length);
            }
            // A key a rotation of a copy of this store (same id) replaced here: the store that still uses it gets it, left where it is.
            foreach (var retiredPath in includeRetired ? keys.RetiredPaths(storeId) : Array.Empty<string>())
            {
                var retired = keys.LoadAt(storeId, retiredPath);
                if (Opens(retired, stored)) return retired;
                Array.Clear(retired, 0, retired.Length);
            }
            throw mismatch("it does not unseal the key check value the store keeps");
        }

        /// <summary>
        /// Follows the key of the store <paramref name="database"/> opened: reads the store's check value on a connection of
        /// its own, and proves against it the current and pending keys this server keeps (<see cref="LoadProved"/> without
        /// the retired ones; no administrative lock: it writes nothing to the store, and promotes a pending key only when the
        /// committed check value proves it).
        /// </summary>
        internal static StoreKeyFollower Follower(StoreDatabase database, LocalStoreKeys keys, string storeId, ILogger? logger) =>
            new StoreKeyFollower(storeId, database.Key,
                () => PostgreSqlStore.Read(() =>
                {
                    using var connection = database.Open();
                    return StoreKeyCheck.Read(connection, null);
                }),
                stored => Proved(keys, storeId, stored), logger);

        private static (ISecretProtector, StoreKeyCheck) Proved(LocalStoreKeys keys, string storeId, byte[] stored)
        {
            var mismatch = MismatchOf(storeId, keys);
            var key = LoadProved(keys, storeId, stored, mismatch, includeRetired: false);
            var protector = AesGcmSecretProtector.ForStoreKey(key);
            Array.Clear(key, 0, key.Length);
            return (protector, StoreKeyCheck.Over(protector, stored, mismatch));
        }

        /// <summary>True when <paramref name="key"/> opens the store's key check value.</summary>
        internal static bool Opens(byte[] key, byte[] stored) => StoreKeyCheck.Opens(AesGcmSecretProtector.ForStoreKey(key), stored);

        /// <summary>The StoreKeyMismatch refusal of a server whose key for <paramref name="storeId"/> is not the store's.</summary>
        internal static Func<string, StoreException> MismatchOf(string storeId, LocalStoreKeys keys) => why => Mismatch(storeId, keys.PathOf(storeId), why);

        /// <summary>
        /// For a store only read (a copy's source): this server's key for it, refused unless it opens the store's key check
        /// value; never made, and nothing written.
        /// </summary>
        public static ISecretProtector OpenForReading(DbConnection connection, LocalStoreKeys keys)
        {
            var storeId = ReadStoreId(connection, null);
            var stored = StoreKeyCheck.Read(connection, null);
            // StoreKeyNotJoined when this server has not joined; a rotation cut short after its commit is finished here too.
            var key = stored != null ? LoadProved(keys, storeId, stored, MismatchOf(storeId, keys)) : keys.Load(storeId);
            var protector = AesGcmSecretProtector.ForStoreKey(key);
            Array.Clear(key, 0, key.Length);
            return protector;
        }

        private static StoreException Mismatch(string storeId, string keyPath, string why) => new StoreException(StoreErrorKind.Unreadable, StoreKeyCheck.MismatchErrorId,
            $"This server's key for the shared store '{storeId}' ({keyPath}) is not the store's key: {why}. It was replaced, restored from " +
            "another store, or the store was given a new key. RasMfa will not use it: secrets sealed with it could never be read together " +
            $"with the ones already there. Run {StoreKeyException.JoinCommand} on this server with the store's passphrase.");
    }
}
