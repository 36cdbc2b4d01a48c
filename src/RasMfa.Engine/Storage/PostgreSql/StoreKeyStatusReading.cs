using System;
using RasMfa.Engine.Security;

namespace RasMfa.Engine.Storage.PostgreSql
{
    /// <summary>
    /// What Get-RasMfaStore shows of a shared store's key: whether this server holds the key that opens the store, and
    /// whether the store keeps an escrow (when, and on which server, it was made). Reads only: no schema step, nothing made.
    /// </summary>
    internal static class StoreKeyStatusReading
    {
        public static SharedStoreKeyStatus Read(KeylessPostgreSqlStore store) => store.Read(connection =>
        {
            if (!Exists(connection, "store_identity"))
                return new SharedStoreKeyStatus(null, false, "No server has opened this store yet: the first to open it makes its key.", null);
            var storeId = PostgreSqlStoreKey.ReadStoreId(connection, null);
            var keyCheck = StoreKeyCheck.Read(connection, null);
            var escrow = Exists(connection, "store_key_escrow") ? StoreKeyEscrowRows.Read(connection, null) : null;
            string? problem = null;
            try
            {
                Array.Clear(store.ProvedKey(storeId, keyCheck), 0, AesGcmLayout.KeyLength);
            }
            catch (Administration.EngineException e)
            {
                problem = e.Message;
            }
            return new SharedStoreKeyStatus(storeId, problem == null, problem, escrow == null ? null : new StoreKeyEscrowInfo(storeId, escrow.CreatedUtc, escrow.CreatedBy));
        });

        // A store made by an older RasMfa may lack a table until a newer one opens it.
        private static bool Exists(System.Data.Common.DbConnection connection, string table)
        {
            using var command = StoreDatabase.Command(connection, null, "SELECT to_regclass(@table) IS NOT NULL", ("@table", table));
            return (bool)command.ExecuteScalar()!;
        }
    }
}
