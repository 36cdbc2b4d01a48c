using System;
using System.IO;
using System.Text;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Security.Platform;

namespace RasMfa.Engine.Storage
{
    /// <summary>Opens the store a <see cref="StoreSelection"/> names: SQLite here, PostgreSQL through <see cref="PostgreSqlStoreFactory"/>.</summary>
    internal static class StoreOpener
    {
        public static IRasMfaStore Open(StoreSelection selection, IStorePlatform platform, ILogger? logger)
        {
            if (selection.Kind == StoreKind.Sqlite) return new SqliteStore(selection.Location, platform, null, logger);
            var files = StoreSettingFile.FilesIn(Path.GetDirectoryName(selection.SettingFile)!, platform);
            var password = StoreSettingSecret.Unseal(files, platform, selection.SealedPassword!);
            try
            {
                var connectionString = PostgreSqlConnectionText.WithCredentials(selection.Location, selection.UserName!, Encoding.UTF8.GetString(password));
                return PostgreSqlStoreFactory.Open(connectionString, logger);
            }
            finally
            {
                Array.Clear(password, 0, password.Length);
            }
        }
    }
}
