using Microsoft.Extensions.Logging;
using RasMfa.Engine.Security;
using RasMfa.Engine.Security.Platform;
using RasMfa.Engine.Storage.Sqlite;

namespace RasMfa.Engine.Storage
{
    /// <summary>The embedded store: one SQLite file in WAL mode, shared safely by several processes on one machine.</summary>
    public sealed class SqliteStore : SqlStore
    {
        /// <summary>Opens (or creates) the store; refuses one whose files others could read or change (StoreException).</summary>
        /// <param name="protector">Seals secrets; by default DPAPI with the store's entropy file on Windows, the store's AES key file elsewhere.</param>
        /// <param name="logger">Hears about a one-time upgrade of how secrets are sealed.</param>
        public SqliteStore(string databasePath, ISecretProtector? protector = null, ILogger? logger = null)
            : this(databasePath, StorePlatforms.ForThisMachine(), protector, logger)
        {
        }

        /// <summary>With another platform: tests run the Windows sealing path (DPAPI and entropy file) on Linux through a stand-in.</summary>
        internal SqliteStore(string databasePath, IStorePlatform platform, ISecretProtector? protector = null, ILogger? logger = null)
            : base(SqliteDialect.OpenDatabase(databasePath, protector, platform, logger))
        {
        }

        // Two overloads, not an optional logger: a caller's signature must not name Microsoft.Extensions.Logging, which
        // the cmdlets assembly cannot see (it lives in PowerShell's load context, the engine's dependencies in the module's).
        public static SqliteStore OpenDefault() => new SqliteStore(StorePaths.DefaultDatabasePath());

        public static SqliteStore OpenDefault(ILogger logger) => new SqliteStore(StorePaths.DefaultDatabasePath(), logger: logger);
    }
}
