using System;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Directories;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// The store over a SQL database, whichever its dialect: the noun stores and the login path, wired to one
    /// <see cref="StoreDatabase"/>. Only the engine derives from it (its constructor is private protected), one class per
    /// database: <see cref="SqliteStore"/> and <see cref="PostgreSqlStore"/>.
    /// </summary>
    public abstract class SqlStore : IRasMfaStore, IDisposable
    {
        private readonly StoreDatabase _database;
        private readonly SqlLoginStore _logins;

        private protected SqlStore(StoreDatabase database)
        {
            _database = database;
            Clients = new SqlClientStore(database);
            Users = new SqlUserStore(database);
            Tokens = new SqlTokenStore(database);
            AuditLog = new SqlAuditLog(database);
            Settings = new SqlSettingsStore(database);
            UpstreamServers = new SqlUpstreamServerStore(database);
            Directories = new SqlDirectoryStore(database);
            EntraTenants = new SqlEntraTenantStore(database);
            DeliveryProviders = new SqlDeliveryProviderStore(database);
            PushApprovals = new SqlPushApprovalStore(database);
            ApprovalPage = new SqlApprovalPageStore(database);
            BypassCodes = new SqlBypassCodeStore(database);
            _logins = new SqlLoginStore(database);
        }

        public ILoginStore Logins => _logins;

        /// <summary>The out-of-band send limits, counted in this store so that every server on it shares them.</summary>
        public Mfa.OutOfBand.ISendLimits SendLimits => _logins;

        /// <summary>The database under the nouns: for the class of its dialect, and for work that spans every table (a copy between stores).</summary>
        internal StoreDatabase Database => _database;

        /// <summary>Follows the shared store's key when it changes under a running process; null where it cannot change (SQLite, a protector chosen by the caller).</summary>
        internal StoreKeyFollower? KeyFollower => _database.KeyFollower;

        /// <summary>How long a login's write may wait for the store's write lock; the listener follows StoreWriteTimeoutSeconds.</summary>
        public Func<TimeSpan> LoginWriteTimeout
        {
            get => _logins.WriteTimeout;
            set => _logins.WriteTimeout = value;
        }

        /// <summary>Finishes the login writes still queued, then lets the database go.</summary>
        public void Dispose()
        {
            _logins.Dispose();
            ReleaseDatabase();
        }

        /// <summary>Closes what the dialect holds beyond pooled connections (PostgreSQL: its data source).</summary>
        private protected virtual void ReleaseDatabase()
        {
        }

        public string Location => _database.Location;

        public long GetChangeVersion() => _database.GetChangeVersion();

        public DateTime? ReadClockUtc()
        {
            if (!(_database.Dialect.ClockQuery is { } query)) return null;
            using var connection = _database.Open();
            using var command = StoreDatabase.Command(connection, null, query);
            var read = (DateTime)command.ExecuteScalar()!;
            return read.Kind == DateTimeKind.Utc ? read : DateTime.SpecifyKind(read.ToUniversalTime(), DateTimeKind.Utc);
        }

        public IClientStore Clients { get; }

        public IUserStore Users { get; }

        public ITokenStore Tokens { get; }

        public IAuditLog AuditLog { get; }

        public ISettingsStore Settings { get; }

        public IUpstreamServerStore UpstreamServers { get; }

        public Delivery.IDeliveryProviderStore DeliveryProviders { get; }

        public Push.IPushApprovalStore PushApprovals { get; }

        public Push.IApprovalPageStore ApprovalPage { get; }

        public IDirectoryStore Directories { get; }

        public Entra.IEntraTenantStore EntraTenants { get; }

        public BypassCodes.IBypassCodeStore BypassCodes { get; }
    }
}
