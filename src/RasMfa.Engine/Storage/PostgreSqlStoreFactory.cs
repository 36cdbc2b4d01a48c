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

        public static IRasMfaStore Open(string connectionString, ILogger? logger)
        {
            var opener = Opener ?? throw new StoreException(StoreErrorKind.Unavailable, UnavailableErrorId,
                "This machine is set to use a PostgreSQL store, and this build of RasMfa cannot open one: it has no PostgreSQL store. " +
                "Install a RasMfa version with PostgreSQL support, or set the machine back to a SQLite store.");
            return PostgreSqlClient.Guarded(() => opener(connectionString, logger));
        }
    }
}
