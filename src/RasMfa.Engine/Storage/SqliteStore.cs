using RasMfa.Engine.Security;

namespace RasMfa.Engine.Storage
{
    /// <summary>The embedded store: one SQLite file in WAL mode, shared safely by several processes on one machine.</summary>
    public sealed class SqliteStore : IRasMfaStore, System.IDisposable
    {
        private readonly SqliteDatabase _database;

        public SqliteStore(string databasePath, ISecretProtector? protector = null)
        {
            _database = new SqliteDatabase(databasePath, protector);
            Clients = new SqliteClientStore(_database);
            Users = new SqliteUserStore(_database);
            Tokens = new SqliteTokenStore(_database);
            AuditLog = new SqliteAuditLog(_database);
            Settings = new SqliteSettingsStore(_database);
            UpstreamServers = new SqliteUpstreamServerStore(_database);
            Directories = new SqliteDirectoryStore(_database);
            _logins = new SqliteLoginStore(_database);
        }

        private readonly SqliteLoginStore _logins;

        public ILoginStore Logins => _logins;

        /// <summary>Finishes the login writes still queued.</summary>
        public void Dispose() => _logins.Dispose();

        public static SqliteStore OpenDefault() => new SqliteStore(StorePaths.DefaultDatabasePath());

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
