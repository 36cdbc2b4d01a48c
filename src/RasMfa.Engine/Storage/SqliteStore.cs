using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Microsoft.Data.Sqlite;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Security;

namespace RasMfa.Engine.Storage
{
    /// <summary>The embedded store: one SQLite file in WAL mode, shared safely by several processes on one machine.</summary>
    public sealed class SqliteStore : IRasMfaStore
    {
        private const int SqliteConstraint = 19;
        private readonly string _connectionString;
        private readonly ISecretProtector _protector;

        public SqliteStore(string databasePath, ISecretProtector? protector = null)
        {
            SqliteNativeLoader.EnsureLoaded();
            Location = Path.GetFullPath(databasePath);
            Directory.CreateDirectory(Path.GetDirectoryName(Location)!);
            CreateOwnerOnly(Location);
            _protector = protector ?? SecretProtectors.ForDatabase(Location);
            _connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = Location,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = true,
                DefaultTimeout = 30,
            }.ToString();
            using var connection = Open();
            using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = "PRAGMA journal_mode = WAL;";
                pragma.ExecuteNonQuery();
            }
            SchemaMigrations.Apply(connection);
        }

        public static SqliteStore OpenDefault() => new SqliteStore(StorePaths.DefaultDatabasePath());

        public string Location { get; }

        public long GetChangeVersion()
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT version FROM change_version WHERE id = 1";
            return (long)command.ExecuteScalar()!;
        }

        public IReadOnlyList<RadiusClientDefinition> GetClients()
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT name, address, secret, require_message_authenticator, limit_proxy_state, description, created_utc, modified_utc FROM radius_client ORDER BY name";
            using var reader = command.ExecuteReader();
            var clients = new List<RadiusClientDefinition>();
            while (reader.Read()) clients.Add(ReadClient(reader));
            return clients;
        }

        public RadiusClientDefinition? GetClient(string name)
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT name, address, secret, require_message_authenticator, limit_proxy_state, description, created_utc, modified_utc FROM radius_client WHERE name = $name";
            command.Parameters.AddWithValue("$name", name);
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadClient(reader) : null;
        }

        public void AddClient(RadiusClientDefinition client)
        {
            WriteChange(client, "INSERT INTO radius_client (name, address, secret, require_message_authenticator, limit_proxy_state, description, created_utc, modified_utc) VALUES ($name, $address, $secret, $rma, $lps, $description, $created, $modified)", null);
        }

        public void UpdateClient(string existingName, RadiusClientDefinition client)
        {
            client.ModifiedUtc = DateTime.UtcNow;
            WriteChange(client, "UPDATE radius_client SET name = $name, address = $address, secret = $secret, require_message_authenticator = $rma, limit_proxy_state = $lps, description = $description, modified_utc = $modified WHERE name = $existing", existingName);
        }

        public void RemoveClient(string name)
        {
            using var connection = Open();
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM radius_client WHERE name = $name";
            command.Parameters.AddWithValue("$name", name);
            if (command.ExecuteNonQuery() == 0) throw new StoreException(StoreErrorKind.NotFound, $"No RADIUS client is named '{name}'.");
            BumpVersion(connection, transaction);
            transaction.Commit();
        }

        private void WriteChange(RadiusClientDefinition client, string sql, string? existingName)
        {
            using var connection = Open();
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.Parameters.AddWithValue("$name", client.Name);
            command.Parameters.AddWithValue("$address", client.Address.ToString());
            command.Parameters.AddWithValue("$secret", _protector.Protect(client.SharedSecret));
            command.Parameters.AddWithValue("$rma", client.RequireMessageAuthenticator ? 1 : 0);
            command.Parameters.AddWithValue("$lps", client.LimitProxyState ? 1 : 0);
            command.Parameters.AddWithValue("$description", (object?)client.Description ?? DBNull.Value);
            command.Parameters.AddWithValue("$created", client.CreatedUtc.ToString("o", CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("$modified", client.ModifiedUtc.ToString("o", CultureInfo.InvariantCulture));
            if (existingName != null) command.Parameters.AddWithValue("$existing", existingName);
            try
            {
                if (command.ExecuteNonQuery() == 0) throw new StoreException(StoreErrorKind.NotFound, $"No RADIUS client is named '{existingName}'.");
            }
            catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint)
            {
                bool address = e.Message.IndexOf("address", StringComparison.OrdinalIgnoreCase) >= 0;
                throw address
                    ? new StoreException(StoreErrorKind.DuplicateAddress, $"Another RADIUS client already has the address {client.Address}.", e)
                    : new StoreException(StoreErrorKind.DuplicateName, $"A RADIUS client named '{client.Name}' already exists.", e);
            }
            BumpVersion(connection, transaction);
            transaction.Commit();
        }

        private RadiusClientDefinition ReadClient(SqliteDataReader reader)
        {
            var name = reader.GetString(0);
            byte[] secret;
            try
            {
                secret = _protector.Unprotect((byte[])reader.GetValue(2));
            }
            catch (Exception e) when (e is System.Security.Cryptography.CryptographicException || e is PlatformNotSupportedException)
            {
                throw new StoreException(StoreErrorKind.Unreadable, $"The shared secret of client '{name}' cannot be decrypted on this machine: {e.Message}", e);
            }
            return new RadiusClientDefinition(name, IpNetwork.Parse(reader.GetString(1)), secret)
            {
                RequireMessageAuthenticator = reader.GetInt64(3) != 0,
                LimitProxyState = reader.GetInt64(4) != 0,
                Description = reader.IsDBNull(5) ? null : reader.GetString(5),
                CreatedUtc = DateTime.Parse(reader.GetString(6), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                ModifiedUtc = DateTime.Parse(reader.GetString(7), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            };
        }

        private static void BumpVersion(SqliteConnection connection, SqliteTransaction transaction)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE change_version SET version = version + 1 WHERE id = 1";
            command.ExecuteNonQuery();
        }

        // The file holds encrypted secrets and, later, users and audit records: only its owner may read it.
        // SQLite gives its -wal and -shm files the same mode. On Windows the folder's ACL (ProgramData\RasMfa) does this.
        private static void CreateOwnerOnly(string path)
        {
#if NET8_0_OR_GREATER
            if (OperatingSystem.IsWindows() || File.Exists(path)) return;
            try
            {
                using var stream = new FileStream(path, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first.
            }
#endif
        }

        private SqliteConnection Open()
        {
            var connection = new SqliteConnection(_connectionString);
            connection.Open();
            return connection;
        }
    }
}
