using System;
using System.IO;
using System.Net;
using Microsoft.Extensions.Logging;
using Npgsql;
using RasMfa.Engine.Security;
using RasMfa.Engine.Security.Platform;
using RasMfa.Engine.Storage.PostgreSql;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// The store shared by several servers: a PostgreSQL database. Its secrets are sealed with the store's own key, which
    /// each server keeps for the store's id in a folder of its own (<see cref="LocalStoreKeys"/>); the first server to open
    /// an empty store makes the key, the others join it.
    /// </summary>
    public sealed class PostgreSqlStore : SqlStore
    {
        /// <summary>The folder under the machine's configuration folder where this server keeps shared stores' keys.</summary>
        public const string KeyFolderName = "keys";

        /// <summary>
        /// Opens the store, creating or updating its schema; refuses one it cannot reach (StoreUnreachable), one newer than
        /// this RasMfa (StoreSchemaTooNew), and one whose key this server does not have (StoreKeyNotJoined) or that does not
        /// open it (StoreKeyMismatch).
        /// </summary>
        /// <param name="connectionString">Npgsql's connection string, the password included.</param>
        /// <param name="protector">Seals secrets; by default AES-GCM with the store's key.</param>
        /// <param name="logger">Unused for now; kept beside <see cref="SqliteStore"/>'s.</param>
        /// <param name="keyFolder">Where this server keeps the store's key; by default the machine's configuration folder's keys folder.</param>
        public PostgreSqlStore(string connectionString, ISecretProtector? protector = null, ILogger? logger = null, string? keyFolder = null)
            : this(connectionString, keyFolder, StorePlatforms.ForThisMachine(), protector)
        {
            _ = logger;
        }

        /// <summary>Opens the store with the password given apart from the connection string (which must not carry one).</summary>
        public PostgreSqlStore(string connectionString, NetworkCredential credential, ISecretProtector? protector = null, ILogger? logger = null, string? keyFolder = null)
            : this(PostgreSqlConnectionText.WithCredentials(connectionString, credential.UserName, credential.Password), protector, logger, keyFolder)
        {
        }

        internal PostgreSqlStore(string connectionString, string? keyFolder, IStorePlatform platform, ISecretProtector? protector, AdministrativeLimits? limits = null)
            : base(OpenDatabase(connectionString, new LocalStoreKeys(keyFolder ?? DefaultKeyFolder(), platform), protector, limits))
        {
            StoreId = Read(() => ((PostgreSqlDialect)Database.Dialect).StoreId(Database));
        }

        /// <summary>%ProgramData%\RasMfa\keys on Windows, /etc/rasmfa/keys elsewhere, or RASMFA_CONFIG's keys folder.</summary>
        public static string DefaultKeyFolder() => Path.Combine(StoreSettingFile.Folder(Environment.GetEnvironmentVariable), KeyFolderName);

        /// <summary>The store's id, made with its schema: the name this server keeps its key under, and that escrows name.</summary>
        public string StoreId { get; }

        /// <summary>Proves a key against the store's key check value; null when the caller chose the protector.</summary>
        internal StoreKeyCheck? KeyCheck => Database.KeyCheck;

        private static StoreDatabase OpenDatabase(string connectionString, LocalStoreKeys keys, ISecretProtector? protector, AdministrativeLimits? limits)
        {
            var dialect = new PostgreSqlDialect(connectionString, limits);
            try
            {
                return Read(() => new StoreDatabase(dialect, protector, connection => PostgreSqlStoreKey.Open(connection, keys)));
            }
            catch
            {
                dialect.Dispose();
                throw;
            }
        }

        /// <summary>
        /// The store opened to be read and never written (a copy's source): every transaction read-only, no schema step,
        /// the store's key as this server keeps it, checked against the store's value but never made.
        /// </summary>
        internal static StoreDatabase OpenForReading(string connectionString, string? keyFolder = null, IStorePlatform? platform = null)
        {
            // Added after the admin's own Options (a schema of the store's own, a timeout), which must still apply; the last setting wins.
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            builder.Options = (string.IsNullOrWhiteSpace(builder.Options) ? "" : builder.Options + " ") + "-c default_transaction_read_only=on";
            var readOnly = builder.ConnectionString;
            var dialect = new PostgreSqlDialect(readOnly);
            try
            {
                return Read(() =>
                {
                    var keys = new LocalStoreKeys(keyFolder ?? DefaultKeyFolder(), platform ?? StorePlatforms.ForThisMachine());
                    ISecretProtector protector;
                    using (var connection = dialect.Open())
                        protector = PostgreSqlStoreKey.OpenForReading(connection, keys);
                    return StoreDatabase.ForReading(dialect, protector);
                });
            }
            catch
            {
                dialect.Dispose();
                throw;
            }
        }

        // A connection lost while opening (the schema, the key) is the store being unreachable, as a refused connection is.
        internal static T Read<T>(Func<T> open)
        {
            try
            {
                return open();
            }
            catch (NpgsqlException e)
            {
                // A wait past its bound (StoreBusy), a session ended while idle, a conflict: said with its id, never raw.
                throw PostgreSqlErrors.Explain(e, "the PostgreSQL server");
            }
        }

        private protected override void ReleaseDatabase() => ((PostgreSqlDialect)Database.Dialect).Dispose();
    }
}
