using System;
using Microsoft.Extensions.Logging;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// Opens a PostgreSQL store from a full connection string (password included). The PostgreSQL store is wired in
    /// through <see cref="Opener"/>; where it is not, opening one is refused with a clear message.
    /// </summary>
    internal static class PostgreSqlStoreFactory
    {
        public const string UnavailableErrorId = "StorePostgreSqlUnavailable";

        /// <summary>Makes the store (<see cref="PostgreSqlStore"/>, <see cref="Default"/>); null where this build must not open one.</summary>
        public static Func<string, ILogger?, IRasMfaStore>? Opener { get; set; } = Default;

        /// <summary>The PostgreSQL store, its key kept in the machine's keys folder. Npgsql loads when it runs, inside <see cref="PostgreSqlClient.Guarded"/>.</summary>
        public static IRasMfaStore Default(string connectionString, ILogger? logger) => new PostgreSqlStore(connectionString, logger: logger);

        /// <summary>
        /// Opens a store to be read and never written (a copy's source): read-only transactions, no schema step, the
        /// store's key as this server keeps it (<see cref="StoreDatabase.ForReading"/>); null while this build has none.
        /// </summary>
        public static Func<string, StoreDatabase>? ReadingOpener { get; set; } = connectionString => PostgreSqlStore.OpenForReading(connectionString);

        public static IRasMfaStore Open(string connectionString, ILogger? logger)
        {
            var opener = Opener ?? throw Unavailable();
            return PostgreSqlClient.Guarded(() => opener(connectionString, logger));
        }

        public static StoreDatabase OpenForReading(string connectionString)
        {
            var opener = ReadingOpener ?? throw Unavailable();
            return PostgreSqlClient.Guarded(() => opener(connectionString));
        }

        private static StoreException Unavailable() => new StoreException(StoreErrorKind.Unavailable, UnavailableErrorId,
            "A PostgreSQL store was named, and this build of RasMfa cannot open one: it has no PostgreSQL store. " +
            "Install a RasMfa version with PostgreSQL support, or use a SQLite store.");
    }
}
