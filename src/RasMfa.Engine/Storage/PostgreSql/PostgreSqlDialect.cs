using System;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using RasMfa.Engine.Configuration;

namespace RasMfa.Engine.Storage.PostgreSql
{
    /// <summary>
    /// A store shared by several servers, in PostgreSQL: connections from one NpgsqlDataSource (pooled, the login path's
    /// statements prepared on the server by Npgsql's automatic preparation), the connection string otherwise as the admin
    /// gave it (several hosts and Target Session Attributes included).
    /// </summary>
    internal sealed class PostgreSqlDialect : StoreDialect, IDisposable
    {
        /// <summary>The advisory lock that schema steps, the store key's first sealing and administrative writes take in turn.</summary>
        public const long AdministrativeLock = PostgreSql.AdministrativeLock.Key;

        // Statements a connection keeps prepared: the login path has about fifteen, the cmdlets' writes a few dozen.
        private const int PreparedStatements = 64;

        // Idle connections (in the pool, or an admin's between statements) are probed this often when the admin set nothing.
        private const int KeepAliveSeconds = 30;

        private readonly NpgsqlDataSource _dataSource;

        // The several hosts' source that _dataSource views with a target session (disposed with it); null for one host.
        private readonly NpgsqlMultiHostDataSource? _hosts;

        private readonly AdministrativeLimits? _limits;

        /// <param name="limits">The administrative lock's bounds (tests shorten them); by default <see cref="AdministrativeLimits.Default"/>.</param>
        public PostgreSqlDialect(string connectionString, AdministrativeLimits? limits = null)
        {
            _limits = limits;
            var builder = new NpgsqlDataSourceBuilder(connectionString);
            var settings = builder.ConnectionStringBuilder;
            // Npgsql's defaults (15 s to connect, 30 s per command, nothing prepared) give way; an admin's own values stay.
            if (settings.MaxAutoPrepare == 0) settings.MaxAutoPrepare = PreparedStatements;
            // Written by the admin is told by the keyword, not by the value: Timeout=15 written on purpose is the admin's.
            if (!Names(connectionString, "timeout")) settings.Timeout = new MfaSettings().StoreWriteTimeoutSeconds;
            if (!Names(connectionString, "commandtimeout")) settings.CommandTimeout = MfaSettings.MaxStoreWriteTimeoutSeconds;
            KeepAlive(settings, connectionString);
            // What pg_stat_activity shows, and StoreBusy names when this process holds the administrative lock.
            if (string.IsNullOrEmpty(settings.ApplicationName)) settings.ApplicationName = ApplicationName();
            Location = Shown(connectionString);
            // Npgsql refuses Target Session Attributes in a data source's string: it is a view of a several-hosts source instead
            // (Host=db1,db2;Target Session Attributes=primary, the form an admin writes for a failover pair).
            var targetSession = settings.TargetSessionAttributes;
            if (string.IsNullOrEmpty(targetSession))
            {
                _dataSource = builder.Build();
                return;
            }
            settings.TargetSessionAttributes = null;
            _hosts = builder.BuildMultiHost();
            _dataSource = _hosts.WithTargetSession(TargetSession(targetSession!));
        }

        // Without keepalives a connection whose other end vanished (a server powered off, a network cut) is found dead only
        // when TCP gives up, about two hours on; each side then learns within a minute. The admin's own values stay.
        private static void KeepAlive(NpgsqlConnectionStringBuilder settings, string connectionString)
        {
            // Keepalive=0 written by the admin (none, on a metered or firewalled link) stays.
            if (!Names(connectionString, "keepalive")) settings.KeepAlive = KeepAliveSeconds;
            if (settings.TcpKeepAlive || Names(connectionString, "tcpkeepalive")) return;
            settings.TcpKeepAlive = true;
            if (settings.TcpKeepAliveTime == 0) settings.TcpKeepAliveTime = KeepAliveSeconds;
            if (settings.TcpKeepAliveInterval == 0) settings.TcpKeepAliveInterval = KeepAliveSeconds / 3;
        }

        // Whether the admin wrote the keyword (as Npgsql reads it: case and spaces aside), whatever its value; Npgsql's own
        // builder answers ContainsKey for every keyword it knows.
        private static bool Names(string connectionString, string keyword)
        {
            var written = new DbConnectionStringBuilder { ConnectionString = connectionString };
            foreach (string key in written.Keys)
                if (string.Equals(key.Replace(" ", ""), keyword, StringComparison.OrdinalIgnoreCase)) return true;
            return false;
        }

        // PostgreSQL keeps 63 octets of it: the machine's name is short enough on Windows (15) and usually elsewhere.
        private static string ApplicationName()
        {
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            return $"RasMfa {Environment.MachineName} pid {process.Id}";
        }

        // "prefer-standby" and the like, as the connection string spells them, to Npgsql's enum (PreferStandby).
        private static TargetSessionAttributes TargetSession(string text) =>
            (TargetSessionAttributes)Enum.Parse(typeof(TargetSessionAttributes), text.Replace("-", ""), ignoreCase: true);

        // The connection string as an admin may see it: everything but the password (and the password file's, the client key's).
        private static string Shown(string connectionString) =>
            "PostgreSQL " + new NpgsqlConnectionStringBuilder(connectionString) { Password = null, Passfile = null, SslPassword = null }.ConnectionString;

        public override string Location { get; }

        public override DbConnection Open()
        {
            try
            {
                return _dataSource.OpenConnection();
            }
            catch (Exception e) when (e is NpgsqlException || e is TimeoutException || e is System.Net.Sockets.SocketException)
            {
                throw PostgreSqlErrors.Unreachable(Location, e);
            }
        }

        /// <summary>An open connection, waiting for one no longer than <paramref name="cancellation"/> lets it.</summary>
        public async Task<DbConnection> OpenAsync(CancellationToken cancellation)
        {
            try
            {
                return await _dataSource.OpenConnectionAsync(cancellation).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NpgsqlException || e is System.Net.Sockets.SocketException)
            {
                throw PostgreSqlErrors.Unreachable(Location, e);
            }
        }

        /// <summary>Drops the pool's idle connections: after the server went away they are all broken.</summary>
        public void ClearPool()
        {
            // NpgsqlDataSource.Clear is not public on Npgsql 8 (net472): the same, through a connection of the source's pool.
            using var connection = _dataSource.CreateConnection();
            NpgsqlConnection.ClearPool(connection);
        }

        // A read's connection was lost: the pool's idle ones were broken with it (the server stopped or restarted).
        public override void ForgetIdleConnections() => ClearPool();

        public override void ApplySchema(DbConnection connection) => PostgreSqlSchema.Apply(connection);

        public override bool IsConstraintViolation(DbException error) => PostgreSqlErrors.IsConstraintViolation(error);

        public override bool IsMissingReference(DbException error) => PostgreSqlErrors.SqlState(error) == "23503";

        public override bool IsBusy(Exception error) => PostgreSqlErrors.IsTimeout(error);

        public override bool IsTransient(Exception error) =>
            PostgreSqlErrors.IsConflict(error) || PostgreSqlErrors.IsTimeout(error) || PostgreSqlErrors.IsConnectionLoss(error);

        public override string Greatest(string first, string second) => $"GREATEST({first}, {second})";

        // Without statistics (users just imported, before autovacuum's ANALYZE: a minute or more, longer on a busy cluster) the
        // planner guessed hundreds of users per name and joined them to every token by a sequential scan: 1.6 ms of the
        // server's CPU per login at 20,000 tokens, against 0.07 ms planned with them (PostgreSqlStatistics).
        public override void PrepareLoginReads(DbConnection connection) => PostgreSqlStatistics.GatherForLogins(connection);

        // The login path's transactions run at READ COMMITTED: the reads a write depends on lock their rows, so that two
        // servers' writes on one user take turns (PostgreSqlWriteQueue says why not SERIALIZABLE).
        public override string LockForWrite => " FOR UPDATE";

        // Through the unique index on the folded name; the parameter is typed, so that COLLATE applies to it.
        public override string NameEquals(string column, string parameter) => $"{PostgreSqlSchema.Folded(column)} = {PostgreSqlSchema.Folded(parameter + "::text")}";

        public override string LikeIgnoringCase(string column, string pattern) =>
            $"{PostgreSqlSchema.Folded(column)} LIKE {PostgreSqlSchema.Folded(pattern + "::text")} ESCAPE '\\'";

        public override string CaseFolded(string expression) => PostgreSqlSchema.Folded(expression);

        public override string AsIndexedName(string expression) => PostgreSqlSchema.Folded(expression);

        public override string SortedByName(string column) => $"{PostgreSqlSchema.Folded(column)}, {column}";

        public override string ViolatedConstraint(DbException error) => PostgreSqlErrors.ViolatedConstraint(error);

        public override bool FailedStatementSpoilsTransaction => true;

        public override bool SendsStatementsTogether => true;

        // The clock as the statement runs (now() would be its transaction's start).
        public override string? ClockQuery => "SELECT clock_timestamp()";

        public override void BeginAdministrativeWrite(DbConnection connection, DbTransaction transaction) => PostgreSql.AdministrativeLock.Take(connection, transaction, _limits);

        /// <summary>
        /// Waits for the other servers' administrative writes (and schema steps) to end, for the rest of <paramref name="transaction"/>;
        /// a bounded wait, then StoreBusy (<see cref="PostgreSql.AdministrativeLock"/>).
        /// </summary>
        public static void TakeAdministrativeLock(DbConnection connection, DbTransaction transaction) => PostgreSql.AdministrativeLock.Take(connection, transaction);

        public override ILoginWriteQueue CreateLoginWriteQueue(StoreDatabase database) => new PostgreSqlWriteQueue(this);

        // A database no RasMfa has set up yet has no schema_version table: version 0.
        public override long SchemaVersion(DbConnection connection)
        {
            using var command = StoreDatabase.Command(connection, null,
                "SELECT CASE WHEN to_regclass('schema_version') IS NULL THEN 0 ELSE (SELECT version FROM schema_version WHERE id = 1) END");
            return Convert.ToInt64(command.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
        }

        public override long LatestSchemaVersion => PostgreSqlSchema.Latest;

        // One snapshot for every statement of the transaction (REPEATABLE READ), and no write allowed in it.
        public override DbTransaction BeginSnapshot(DbConnection connection)
        {
            var transaction = ((NpgsqlConnection)connection).BeginTransaction(System.Data.IsolationLevel.RepeatableRead);
            using var readOnly = StoreDatabase.Command(connection, transaction, "SET TRANSACTION READ ONLY");
            readOnly.ExecuteNonQuery();
            return transaction;
        }

        // The ids are identities GENERATED BY DEFAULT: a copy's rows may name theirs.
        public override string KeepingIds => "OVERRIDING SYSTEM VALUE";

        // The identity's sequence goes on after the largest id copied (or starts at 1 for an empty table).
        public override void ContinueIdsAfterRows(DbConnection connection, DbTransaction transaction, string table, string idColumn)
        {
            using var command = StoreDatabase.Command(connection, transaction,
                $"SELECT setval(pg_get_serial_sequence('{table}', '{idColumn}'), COALESCE(MAX({idColumn}), 0) + 1, false) FROM {table}");
            command.ExecuteNonQuery();
        }

        /// <summary>The store's id (<see cref="PostgreSqlStoreKey.ReadStoreId"/>).</summary>
        public string StoreId(StoreDatabase database)
        {
            using var connection = database.Open();
            return PostgreSqlStoreKey.ReadStoreId(connection, null);
        }

        public void Dispose()
        {
            _dataSource.Dispose();
            _hosts?.Dispose();
        }
    }
}
