using System;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Directories;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Security;
using RasMfa.Engine.Security.Platform;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Storage
{
    /// <summary>The embedded store: one SQLite file in WAL mode, shared safely by several processes on one machine.</summary>
    public sealed class SqliteStore : IRasMfaStore, System.IDisposable
    {
        private readonly StoreDatabase _database;

        /// <summary>Opens (or creates) the store; refuses one whose files others could read or change (StoreException).</summary>
        /// <param name="protector">Seals secrets; by default DPAPI with the store's entropy file on Windows, the store's AES key file elsewhere.</param>
        /// <param name="logger">Hears about a one-time upgrade of how secrets are sealed.</param>
        public SqliteStore(string databasePath, ISecretProtector? protector = null, ILogger? logger = null)
            : this(databasePath, StorePlatforms.ForThisMachine(), protector, logger)
        {
        }

        /// <summary>With another platform: tests run the Windows sealing path (DPAPI and entropy file) on Linux through a stand-in.</summary>
        internal SqliteStore(string databasePath, IStorePlatform platform, ISecretProtector? protector = null, ILogger? logger = null)
        {
            _database = new StoreDatabase(databasePath, protector, platform, logger);
            Clients = new SqlClientStore(_database);
            Users = new SqlUserStore(_database);
            Tokens = new SqlTokenStore(_database);
            AuditLog = new SqlAuditLog(_database);
            Settings = new SqlSettingsStore(_database);
            UpstreamServers = new SqlUpstreamServerStore(_database);
            Directories = new SqlDirectoryStore(_database);
            _logins = new SqlLoginStore(_database);
        }

        private readonly SqlLoginStore _logins;

        public ILoginStore Logins => _logins;

        /// <summary>How long a login's write may wait for the store's write lock; the listener follows StoreWriteTimeoutSeconds.</summary>
        public Func<TimeSpan> LoginWriteTimeout
        {
            get => _logins.WriteTimeout;
            set => _logins.WriteTimeout = value;
        }

        /// <summary>Finishes the login writes still queued.</summary>
        public void Dispose() => _logins.Dispose();

        // Two overloads, not an optional logger: a caller's signature must not name Microsoft.Extensions.Logging, which
        // the cmdlets assembly cannot see (it lives in PowerShell's load context, the engine's dependencies in the module's).
        public static SqliteStore OpenDefault() => new SqliteStore(StorePaths.DefaultDatabasePath());

        public static SqliteStore OpenDefault(ILogger logger) => new SqliteStore(StorePaths.DefaultDatabasePath(), logger: logger);

        public string Location => _database.Location;

        public long GetChangeVersion() => _database.GetChangeVersion();

        public IClientStore Clients { get; }

        public IUserStore Users { get; }

        public ITokenStore Tokens { get; }

        public IAuditLog AuditLog { get; }

        public ISettingsStore Settings { get; }

        public IUpstreamServerStore UpstreamServers { get; }

        public IDirectoryStore Directories { get; }
    }
}
