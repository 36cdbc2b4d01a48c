using System;
using System.Data.Common;
using RasMfa.Engine.Security;

namespace RasMfa.Engine.Storage.PostgreSql
{
    /// <summary>
    /// A PostgreSQL store opened without its key, for what is done to the key itself: a server joins the store (it has no
    /// key yet), escrows or rotates the key, or shows whether it holds it. Nothing here seals or unseals a secret on its
    /// own: each operation loads the key it needs and proves it against the store's key check value first.
    /// </summary>
    internal sealed class KeylessPostgreSqlStore : IDisposable
    {
        private readonly PostgreSqlDialect _dialect;

        /// <param name="applySchema">Brings the schema up to date (the escrow's table may be new); false to change nothing (a status).</param>
        public KeylessPostgreSqlStore(string connectionString, LocalStoreKeys keys, bool applySchema)
        {
            _dialect = new PostgreSqlDialect(connectionString);
            Keys = keys;
            try
            {
                if (applySchema) Read(connection => { _dialect.ApplySchema(connection); return true; });
            }
            catch
            {
                _dialect.Dispose();
                throw;
            }
        }

        /// <summary>Where this server keeps the keys of shared stores.</summary>
        public LocalStoreKeys Keys { get; }

        public string Location => _dialect.Location;

        /// <summary>Runs <paramref name="work"/> on a connection; a connection lost is StoreUnreachable.</summary>
        public T Read<T>(Func<DbConnection, T> work) => PostgreSqlStore.Read(() =>
        {
            using var connection = _dialect.Open();
            return work(connection);
        });

        /// <summary>
        /// Runs <paramref name="work"/> in one transaction under the administrative lock (which opens, sealing writes and
        /// other key changes take too), and commits it.
        /// </summary>
        public T Locked<T>(Func<DbConnection, DbTransaction, T> work) => Read(connection =>
        {
            using var transaction = connection.BeginTransaction();
            PostgreSqlDialect.TakeAdministrativeLock(connection, transaction);
            var result = work(connection, transaction);
            transaction.Commit();
            return result;
        });

        /// <summary>What the key operations read first: the store's id, its key check value and its escrow (either may be missing).</summary>
        public (string StoreId, byte[]? KeyCheck, StoreKeyEscrowRow? Escrow) ReadKeyState(DbConnection connection, DbTransaction? transaction) =>
            (PostgreSqlStoreKey.ReadStoreId(connection, transaction), StoreKeyCheck.Read(connection, transaction), StoreKeyEscrowRows.Read(connection, transaction));

        /// <summary>
        /// This server's key for the store, proved against <paramref name="keyCheck"/>: StoreKeyNotJoined without one,
        /// StoreKeyMismatch when it is not the store's.
        /// </summary>
        public byte[] ProvedKey(string storeId, byte[]? keyCheck)
        {
            if (keyCheck == null)
                throw new StoreException(StoreErrorKind.Conflict, StoreKeyService.NoKeyYetErrorId,
                    $"The shared store at {Location} has no key yet: no server has opened it since it was made. Open it once on the first server " +
                    "(for instance Get-RasMfaRadiusClient), which gives it its key, then try again.");
            return PostgreSqlStoreKey.LoadProved(Keys, storeId, keyCheck, PostgreSqlStoreKey.MismatchOf(storeId, Keys));
        }

        public void Dispose() => _dialect.Dispose();
    }
}
