using System;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Security;
using RasMfa.Engine.Security.Platform;
using RasMfa.Engine.Storage.PostgreSql;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// The shared store's key, for the cmdlets: escrowed with an admin's passphrase (Add-RasMfaStoreKey), taken from the
    /// escrow by a server that joins (Join-RasMfaStore), replaced by a new one (Update-RasMfaStoreKey), and shown
    /// (Get-RasMfaStore). The store is opened without its key (<see cref="KeylessPostgreSqlStore"/>): a server that has not
    /// joined cannot open it otherwise. Only a shared (PostgreSQL) store has such a key: a SQLite store's secrets are sealed
    /// with this machine's DPAPI or its rasmfa.key, which stays beside the database.
    /// </summary>
    public static class StoreKeyService
    {
        public const string NotSharedErrorId = "StoreKeyNotShared";
        public const string NoKeyYetErrorId = "StoreKeyNotMadeYet";

        /// <summary>Escrows the key of the store this machine uses; null when the admin declined.</summary>
        public static StoreKeyEscrowInfo? AddEscrow(StoreSelection selection, string passphrase, bool replace, IChangeReview review) =>
            OnSharedStore(selection, "Add-RasMfaStoreKey", applySchema: true,
                store => StoreKeyEscrowing.Add(store, passphrase, replace, review, Environment.MachineName, DateTime.UtcNow));

        /// <summary>Gives this server the key of the store it uses, from the store's escrow; null when the admin declined.</summary>
        public static StoreJoinResult? Join(StoreSelection selection, string passphrase, IChangeReview review) =>
            OnSharedStore(selection, "Join-RasMfaStore", applySchema: true, store => StoreJoining.Join(store, passphrase, review));

        /// <summary>Gives the store a new key, resealing its secrets and replacing its escrow; null when the admin declined.</summary>
        public static StoreKeyRotationResult? Rotate(StoreSelection selection, string passphrase, IChangeReview review) =>
            OnSharedStore(selection, "Update-RasMfaStoreKey", applySchema: true,
                store => StoreKeyRotation.Rotate(store, passphrase, review, Environment.MachineName, DateTime.UtcNow));

        /// <summary>Whether this server holds the store's key, and the store's escrow; null for a SQLite store, which has no shared key.</summary>
        public static SharedStoreKeyStatus? Status(StoreSelection selection) =>
            selection.Kind == StoreKind.PostgreSql ? OnSharedStore(selection, "Get-RasMfaStore", applySchema: false, StoreKeyStatusReading.Read) : null;

        /// <summary>Opens the store without its key, this server's keys in <paramref name="keyFolder"/> (tests name one).</summary>
        internal static KeylessPostgreSqlStore OpenKeyless(string connectionString, string? keyFolder, bool applySchema) =>
            PostgreSqlClient.Guarded(() => new KeylessPostgreSqlStore(connectionString,
                new LocalStoreKeys(keyFolder ?? PostgreSqlStore.DefaultKeyFolder(), StorePlatforms.ForThisMachine()), applySchema));

        private static T OnSharedStore<T>(StoreSelection selection, string command, bool applySchema, Func<KeylessPostgreSqlStore, T> work)
        {
            if (selection.Kind != StoreKind.PostgreSql) throw NotShared(selection, command);
            return StoreOpener.WithConnectionString(selection, StorePlatforms.ForThisMachine(), connectionString =>
            {
                using var store = OpenKeyless(connectionString, null, applySchema);
                return PostgreSqlClient.Guarded(() => work(store));
            });
        }

        private static StoreKeyException NotShared(StoreSelection selection, string command) =>
            new StoreKeyException(EngineErrorKind.Conflict, NotSharedErrorId,
                $"{command} is for a store shared by several servers (PostgreSQL), and this machine uses the SQLite store {selection.Location}. " +
                "A SQLite store has no shared key to escrow or join: its secrets are sealed with this machine's own key material beside the " +
                "database (DPAPI with rasmfa.entropy on Windows, which no other machine can open; rasmfa.key elsewhere). Back that file up " +
                "together with the database (docs/security.md, 'Backing up and restoring'). To serve from several machines, copy the store " +
                "to PostgreSQL (Copy-RasMfaStore) and point every server at it (Set-RasMfaStore -PostgreSql).", target: selection.Location);
    }
}
