using System;
using System.Data.Common;
using System.IO;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Security;
using RasMfa.Engine.Security.Platform;

namespace RasMfa.Engine.Storage.Sqlite
{
    /// <summary>The embedded store: one SQLite file in WAL mode, in a folder only the service and administrators may open.</summary>
    internal sealed class SqliteDialect : StoreDialect
    {
        private const int ConstraintError = 19;
        private const int BusyError = 5;
        private const int LockedError = 6;
        private readonly string _connectionString;
        private readonly string _ownConnectionString;

        public SqliteDialect(StoreFiles files, IStorePlatform platform) : this(files, platform, readOnly: false)
        {
        }

        /// <param name="readOnly">
        /// A copy's source: the file must exist and is opened with SQLite's read-only mode (unpooled, so that nothing holds
        /// it once the copy ends); nothing is created, and <see cref="ApplySchema"/> must not be called.
        /// </param>
        private SqliteDialect(StoreFiles files, IStorePlatform platform, bool readOnly)
        {
            SqliteNativeLoader.EnsureLoaded();
            Location = files.Database;
            if (readOnly && !File.Exists(files.Database))
                throw new StoreException(StoreErrorKind.NotFound, "StoreNotFound", $"There is no SQLite store at {files.Database}.");
            StoreFolderGuard.Prepare(files, platform, createDatabase: !readOnly);
            _connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = Location,
                Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
                Pooling = !readOnly,
                DefaultTimeout = 30,
                ForeignKeys = true,
            }.ToString();
            _ownConnectionString = new SqliteConnectionStringBuilder(_connectionString) { Pooling = false }.ToString();
        }

        /// <summary>The store at <paramref name="databasePath"/>, opened to be read and never written: schema and key files as they are.</summary>
        public static StoreDatabase OpenForReading(string databasePath, IStorePlatform platform)
        {
            var files = new StoreFiles(databasePath, SecretProtectors.KeyMaterialFileName(platform));
            var dialect = new SqliteDialect(files, platform, readOnly: true);
            return StoreDatabase.ForReading(dialect, SecretProtectors.Create(platform, StoreKeyFile.LoadForReading(files)));
        }

        /// <summary>Opens (or creates) the store's database at <paramref name="databasePath"/>, its key material beside it.</summary>
        public static StoreDatabase OpenDatabase(string databasePath, ISecretProtector? protector, IStorePlatform platform, ILogger? logger)
        {
            var files = new StoreFiles(databasePath, SecretProtectors.KeyMaterialFileName(platform));
            return new StoreDatabase(new SqliteDialect(files, platform), files, protector, platform, logger);
        }

        public override string Location { get; }

        public override DbConnection Open()
        {
            var connection = new SqliteConnection(_connectionString);
            connection.Open();
            return connection;
        }

        /// <summary>
        /// A connection kept by one long-lived user (the login writer, the checkpointer), not from the pool: what it sets on
        /// its connection (no automatic checkpoint) ends with it instead of passing to the pool's next user. It has read the
        /// schema once through the provider, which retries a busy lock (another connection opening the WAL at the same
        /// moment): a statement prepared on it through SQLite's own API, which does not retry, finds the schema loaded, and
        /// a checkpoint on it finds the WAL open.
        /// </summary>
        public SqliteConnection OpenOwn()
        {
            var connection = new SqliteConnection(_ownConnectionString);
            try
            {
                connection.Open();
                using var read = connection.CreateCommand();
                read.CommandText = "SELECT count(*) FROM sqlite_master";
                read.ExecuteScalar();
                return connection;
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        public override void ApplySchema(DbConnection connection)
        {
            var sqlite = (SqliteConnection)connection;
            using (var pragma = sqlite.CreateCommand())
            {
                pragma.CommandText = "PRAGMA journal_mode = WAL;";
                pragma.ExecuteNonQuery();
            }
            SchemaMigrations.Apply(sqlite);
        }

        public override long SchemaVersion(DbConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version";
            return (long)command.ExecuteScalar()!;
        }

        public override long LatestSchemaVersion => SchemaMigrations.Latest;

        // Deferred: a read-only connection cannot take the write lock; in WAL mode the first read fixes the snapshot for the whole transaction.
        public override DbTransaction BeginSnapshot(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: true);

        public override string KeepingIds => "";

        // An INTEGER PRIMARY KEY takes the largest id in the table plus one: nothing to move on.
        public override void ContinueIdsAfterRows(DbConnection connection, DbTransaction transaction, string table, string idColumn)
        {
        }

        public override bool IsConstraintViolation(DbException error) => error is SqliteException sqlite && sqlite.SqliteErrorCode == ConstraintError;

        // SQLITE_CONSTRAINT_FOREIGNKEY: the extended code of a foreign key's failure.
        public override bool IsMissingReference(DbException error) => error is SqliteException sqlite && sqlite.SqliteExtendedErrorCode == ConstraintError + (3 << 8);

        public override bool IsBusy(Exception error) => error is SqliteException sqlite && (sqlite.SqliteErrorCode == BusyError || sqlite.SqliteErrorCode == LockedError);

        // A busy or locked database is the only failure that undoes a transaction and passes by itself.
        public override bool IsTransient(Exception error) => IsBusy(error);

        public override string Greatest(string first, string second) => $"MAX({first}, {second})";

        // The writer's transaction holds SQLite's one write lock from its start (BEGIN IMMEDIATE): nothing else can change what it read.
        public override string LockForWrite => "";

        // The column's own COLLATE NOCASE (ASCII case folded) matches, through the column's index.
        public override string NameEquals(string column, string parameter) => $"{column} = {parameter}";

        // SQLite's LIKE ignores ASCII case (case_sensitive_like is off), and may use a NOCASE index for a fixed prefix.
        public override string LikeIgnoringCase(string column, string pattern) => $"{column} LIKE {pattern} ESCAPE '\\'";

        public override string CaseFolded(string expression) => $"lower({expression})";

        // SQLite's message names the table and column ("UNIQUE constraint failed: radius_client.address").
        public override string ViolatedConstraint(DbException error) => error.Message;

        public override ILoginWriteQueue CreateLoginWriteQueue(StoreDatabase database) => new SqliteWriteQueue(database);

        /// <summary>How long SQLite retries a busy lock, for transactions begun on <paramref name="connection"/> from now on.</summary>
        public static void SetBusyTimeout(DbConnection connection, int seconds) => ((SqliteConnection)connection).DefaultTimeout = seconds;
    }
}
