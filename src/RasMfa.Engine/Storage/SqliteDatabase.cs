using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Microsoft.Data.Sqlite;
using RasMfa.Engine.Security;

namespace RasMfa.Engine.Storage
{
    /// <summary>The one SQLite file (WAL mode) and the small helpers every table's store uses.</summary>
    internal sealed class SqliteDatabase
    {
        public const int ConstraintError = 19;
        private readonly string _connectionString;

        public SqliteDatabase(string databasePath, ISecretProtector? protector)
        {
            SqliteNativeLoader.EnsureLoaded();
            Location = Path.GetFullPath(databasePath);
            Directory.CreateDirectory(Path.GetDirectoryName(Location)!);
            CreateOwnerOnly(Location);
            Protector = protector ?? SecretProtectors.ForDatabase(Location);
            _connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = Location,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = true,
                DefaultTimeout = 30,
                ForeignKeys = true,
            }.ToString();
            using var connection = Open();
            using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = "PRAGMA journal_mode = WAL;";
                pragma.ExecuteNonQuery();
            }
            SchemaMigrations.Apply(connection);
        }

        public string Location { get; }

        public ISecretProtector Protector { get; }

        public SqliteConnection Open()
        {
            var connection = new SqliteConnection(_connectionString);
            connection.Open();
            return connection;
        }

        public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            return command;
        }

        public int Execute(string sql, params (string Name, object? Value)[] parameters)
        {
            using var connection = Open();
            using var command = Command(connection, null, sql, parameters);
            return command.ExecuteNonQuery();
        }

        public List<T> Query<T>(string sql, Func<SqliteDataReader, T> read, params (string Name, object? Value)[] parameters)
        {
            using var connection = Open();
            using var command = Command(connection, null, sql, parameters);
            using var reader = command.ExecuteReader();
            var rows = new List<T>();
            while (reader.Read()) rows.Add(read(reader));
            return rows;
        }

        /// <summary>Runs <paramref name="work"/> in one write transaction; when <paramref name="bumpVersion"/>, listeners see the change.</summary>
        public T InTransaction<T>(Func<SqliteConnection, SqliteTransaction, T> work, bool bumpVersion)
        {
            using var connection = Open();
            using var transaction = connection.BeginTransaction();
            var result = work(connection, transaction);
            if (bumpVersion)
            {
                using var bump = Command(connection, transaction, "UPDATE change_version SET version = version + 1 WHERE id = 1");
                bump.ExecuteNonQuery();
            }
            transaction.Commit();
            return result;
        }

        /// <summary>Runs <paramref name="work"/> in one write transaction through a session of its own.</summary>
        public T InSession<T>(Func<SqliteSession, T> work)
        {
            using var connection = Open();
            using var transaction = connection.BeginTransaction();
            using var session = new SqliteSession(connection, transaction);
            var result = work(session);
            transaction.Commit();
            return result;
        }

        public long GetChangeVersion()
        {
            using var connection = Open();
            using var command = Command(connection, null, "SELECT version FROM change_version WHERE id = 1");
            return (long)command.ExecuteScalar()!;
        }

        public static string Time(DateTime utc) => utc.ToString("o", CultureInfo.InvariantCulture);

        public static DateTime ReadTime(SqliteDataReader reader, int ordinal) =>
            DateTime.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

        public static DateTime? ReadOptionalTime(SqliteDataReader reader, int ordinal) =>
            reader.IsDBNull(ordinal) ? (DateTime?)null : ReadTime(reader, ordinal);

        public static string? ReadOptionalText(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

        public byte[] Unprotect(byte[] sealedSecret, string owner)
        {
            try
            {
                return Protector.Unprotect(sealedSecret);
            }
            catch (Exception e) when (e is System.Security.Cryptography.CryptographicException || e is PlatformNotSupportedException)
            {
                throw new StoreException(StoreErrorKind.Unreadable, "StoreUnreadable", $"The secret of {owner} cannot be decrypted on this machine: {e.Message}", e);
            }
        }

        // The file holds encrypted secrets, users and audit records: only its owner may read it.
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
    }
}
