using System;
using System.IO;
using System.Text;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Security.Platform;
using RasMfa.Engine.Storage.Sqlite;

namespace RasMfa.Engine.Storage
{
    /// <summary>Opens the store a <see cref="StoreSelection"/> names: SQLite here, PostgreSQL through <see cref="PostgreSqlStoreFactory"/>.</summary>
    internal static class StoreOpener
    {
        public static IRasMfaStore Open(StoreSelection selection, IStorePlatform platform, ILogger? logger)
        {
            if (selection.Kind == StoreKind.Sqlite) return new SqliteStore(selection.Location, platform, null, logger);
            return WithConnectionString(selection, platform, connectionString => PostgreSqlStoreFactory.Open(connectionString, logger));
        }

        /// <summary>The store, to be read and never written (a copy's source).</summary>
        public static StoreDatabase OpenForReading(StoreSelection selection, IStorePlatform platform)
        {
            if (selection.Kind == StoreKind.Sqlite) return SqliteDialect.OpenForReading(selection.Location, platform);
            return WithConnectionString(selection, platform, PostgreSqlStoreFactory.OpenForReading);
        }

        // The password is unsealed only for the open, and cleared after it.
        internal static T WithConnectionString<T>(StoreSelection selection, IStorePlatform platform, Func<string, T> open)
        {
            var files = StoreSettingFile.FilesIn(Path.GetDirectoryName(selection.SettingFile)!, platform);
            var password = StoreSettingSecret.Unseal(files, platform, selection.SealedPassword!);
            try
            {
                return open(PostgreSqlConnectionText.WithCredentials(selection.Location, selection.UserName!, Encoding.UTF8.GetString(password)));
            }
            finally
            {
                Array.Clear(password, 0, password.Length);
            }
        }
    }
}
