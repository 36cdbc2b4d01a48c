using System;
using Microsoft.Extensions.Logging;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// Opens a PostgreSQL store from a full connection string (password included). The PostgreSQL store is wired in
    /// through <see cref="Opener"/>; until it is, or where it is not, opening one is refused with a clear message.
    /// </summary>
    internal static class PostgreSqlStoreFactory
    {
        public const string UnavailableErrorId = "StorePostgreSqlUnavailable";

        /// <summary>Makes the store; null while this build has no PostgreSQL store.</summary>
        public static Func<string, ILogger?, IRasMfaStore>? Opener { get; set; }

        public static IRasMfaStore Open(string connectionString, ILogger? logger)
        {
            var opener = Opener ?? throw new StoreException(StoreErrorKind.Unavailable, UnavailableErrorId,
                "This machine is set to use a PostgreSQL store, and this build of RasMfa cannot open one: it has no PostgreSQL store. " +
                "Install a RasMfa version with PostgreSQL support, or set the machine back to a SQLite store.");
            return PostgreSqlClient.Guarded(() => opener(connectionString, logger));
        }
    }
}
