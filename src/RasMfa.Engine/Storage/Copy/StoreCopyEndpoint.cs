using System;
using System.IO;
using System.Text;
using RasMfa.Engine.Security.Platform;
using RasMfa.Engine.Storage.Sqlite;

namespace RasMfa.Engine.Storage.Copy
{
    /// <summary>One end of a copy: a SQLite file, a PostgreSQL database with its credential, or the store this machine is set to use.</summary>
    public sealed class StoreCopyEndpoint : IDisposable
    {
        public const string UnsupportedStoreErrorId = "StoreCopyUnsupported";
        private readonly StoreSelection? _selection;
        private readonly string? _sqlitePath;
        private readonly string? _connectionString;
        private readonly string? _userName;
        private readonly byte[]? _password;

        private StoreCopyEndpoint(StoreSelection? selection, string? sqlitePath, string? connectionString, string? userName, byte[]? password)
        {
            _selection = selection;
            _sqlitePath = sqlitePath;
            _connectionString = connectionString;
            _userName = userName;
            _password = password;
        }

        /// <summary>The SQLite store at <paramref name="path"/> (made, with its key file, when it is a destination that does not exist).</summary>
        public static StoreCopyEndpoint Sqlite(string path) => new StoreCopyEndpoint(null, Path.GetFullPath(path), null, null, null);

        /// <summary>A PostgreSQL database: Npgsql's connection string without credentials, and the user's; <paramref name="password"/> (UTF-8) is cleared on Dispose.</summary>
        public static StoreCopyEndpoint PostgreSql(string connectionString, string userName, byte[] password)
        {
            try
            {
                var canonical = PostgreSqlConnectionText.Validate(connectionString, out _);
                if (string.IsNullOrWhiteSpace(userName))
                    throw new StoreException(StoreErrorKind.Invalid, MachineStoreSetting.UserNameMissingErrorId, "The credential names no user: give the PostgreSQL user the store is opened as.");
                return new StoreCopyEndpoint(null, null, canonical, userName.Trim(), (byte[])password.Clone());
            }
            finally
            {
                Array.Clear(password, 0, password.Length);
            }
        }

        /// <summary>The store this session opens (RASMFA_DATABASE, else the machine-wide setting, else the built-in path).</summary>
        public static StoreCopyEndpoint Selected() => new StoreCopyEndpoint(StoreSelection.Current(), null, null, null, null);

        public override string ToString() =>
            _selection != null ? _selection.ToString()
            : _sqlitePath != null ? $"{StoreKind.Sqlite} {_sqlitePath}"
            : $"{StoreKind.PostgreSql} {_connectionString} as {_userName}";

        public void Dispose()
        {
            if (_password != null) Array.Clear(_password, 0, _password.Length);
        }

        /// <summary>The SQLite file this end names (directly or through the selection), or null for PostgreSQL.</summary>
        internal string? SqliteFile => _sqlitePath ?? (_selection != null && _selection.Kind == StoreKind.Sqlite ? _selection.Location : null);

        internal StoreDatabase OpenForReading(IStorePlatform platform)
        {
            if (_selection != null) return StoreOpener.OpenForReading(_selection, platform);
            if (_sqlitePath != null) return SqliteDialect.OpenForReading(_sqlitePath, platform);
            return PostgreSqlStoreFactory.OpenForReading(WithCredentials());
        }

        internal SqlStore OpenForWriting(IStorePlatform platform)
        {
            var store = _selection != null ? StoreOpener.Open(_selection, platform, null)
                : _sqlitePath != null ? new SqliteStore(_sqlitePath, platform)
                : PostgreSqlStoreFactory.Open(WithCredentials(), null);
            if (store is SqlStore sql) return sql;
            (store as IDisposable)?.Dispose();
            throw new StoreException(StoreErrorKind.Invalid, UnsupportedStoreErrorId, $"{this} is not a store a copy can write.");
        }

        private string WithCredentials() =>
            PostgreSqlConnectionText.WithCredentials(_connectionString!, _userName!, Encoding.UTF8.GetString(_password!));
    }
}
