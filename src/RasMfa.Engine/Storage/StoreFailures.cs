using System;
using System.Data.Common;
using RasMfa.Engine.Storage.PostgreSql;
using RasMfa.Engine.Storage.Sqlite;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// A database's own failure, said as a StoreException with a stable id, for the administrative paths (cmdlets, key
    /// changes): whatever a noun's store did not turn into a refusal of its own (a duplicate name, an unknown reference)
    /// reaches the admin as one of these, never as the provider's exception.
    /// </summary>
    public static class StoreFailures
    {
        public const string ConstraintViolatedErrorId = "StoreConstraintViolated";
        public const string ConflictErrorId = "StoreConflict";
        public const string SessionEndedErrorId = "StoreSessionEnded";
        public const string FailedErrorId = "StoreFailed";

        /// <summary>
        /// <paramref name="error"/> as a StoreException; <paramref name="location"/> is the store as an admin is shown it.
        /// Each provider is asked only about its own exceptions, so that a SQLite session never loads Npgsql.
        /// </summary>
        public static StoreException Explain(DbException error, string location)
        {
            var provider = error.GetType().Namespace ?? "";
            if (provider.StartsWith("Npgsql", StringComparison.Ordinal)) return PostgreSqlErrors.Explain(error, location);
            if (provider.StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal)) return SqliteErrors.Explain(error, location);
            return Failed(location, error.Message, error);
        }

        internal static StoreException ConstraintViolated(string location, string constraint, Exception error) =>
            new StoreException(StoreErrorKind.Conflict, ConstraintViolatedErrorId,
                $"The store at {location} refused the change: it breaks the rule '{constraint}' (another change, perhaps by another server, got there first). Nothing was written; read the current state and try again.", error);

        internal static StoreException Failed(string location, string what, Exception error) =>
            new StoreException(StoreErrorKind.Unavailable, FailedErrorId, $"The store at {location} failed the operation: {what}. Nothing was written.", error);
    }
}
