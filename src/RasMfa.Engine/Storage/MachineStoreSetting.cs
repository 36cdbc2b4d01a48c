using System;
using System.IO;
using System.Runtime.InteropServices;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Security.Platform;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// The admin's side of the machine-wide store setting: checks what is asked, asks for approval, writes it.
    /// Nothing here connects to the store: a setting is written whether or not its server answers now.
    /// </summary>
    public static class MachineStoreSetting
    {
        public const string RelativePathErrorId = "StorePathNotFull";
        public const string UserNameMissingErrorId = "StoreUserNameMissing";
        public const string PasswordEmptyErrorId = "StorePasswordEmpty";

        /// <summary>Where this process reads and writes the setting (RASMFA_CONFIG, else the machine's folder).</summary>
        public static string FilePath => Path.Combine(StoreSettingFile.Folder(Environment.GetEnvironmentVariable), StoreSettingFile.FileName);

        /// <summary>Every session and the service open the SQLite file <paramref name="databasePath"/>, or the built-in one when null.</summary>
        /// <returns>What they now open, or null when the change was not approved.</returns>
        public static StoreSelection? UseSqlite(string? databasePath, IChangeReview review) =>
            UseSqlite(databasePath, review, Environment.GetEnvironmentVariable, StorePlatforms.ForThisMachine());

        /// <summary>Every session and the service open this PostgreSQL database, as <paramref name="userName"/>; the password is sealed for this machine.</summary>
        /// <param name="connectionString">Npgsql's connection string, without credentials (several hosts allowed).</param>
        /// <param name="password">UTF-8; cleared once sealed.</param>
        public static StoreSelection? UsePostgreSql(string connectionString, string userName, byte[] password, IChangeReview review) =>
            UsePostgreSql(connectionString, userName, password, review, Environment.GetEnvironmentVariable, StorePlatforms.ForThisMachine());

        internal static StoreSelection? UseSqlite(string? databasePath, IChangeReview review, Func<string, string?> environment, IStorePlatform platform)
        {
            var folder = StoreSettingFile.Folder(environment);
            var settingFile = Path.Combine(folder, StoreSettingFile.FileName);
            if (databasePath != null && !IsFullPath(databasePath))
                throw new StoreException(StoreErrorKind.Invalid, RelativePathErrorId,
                    $"'{databasePath}' is not a full path. The setting is read by every session and by the service, each from its own current folder: give the database's full path.");
            WarnWhenOverridden(review, environment);
            if (databasePath == null)
            {
                var builtIn = StorePaths.BuiltInDatabasePath();
                if (!review.Approve(settingFile, $"Remove the machine-wide store setting: every session and the service open the built-in SQLite store {builtIn}")) return null;
                StoreSettingFile.Remove(folder, platform);
                return new StoreSelection(StoreKind.Sqlite, builtIn, null, null, StoreSelectionSource.Default, settingFile);
            }
            var fullPath = Path.GetFullPath(databasePath);
            if (!review.Approve(settingFile, $"Every session and the service open the SQLite store {fullPath}")) return null;
            var selection = new StoreSelection(StoreKind.Sqlite, fullPath, null, null, StoreSelectionSource.MachineSetting, settingFile);
            StoreSettingFile.Write(folder, selection, platform);
            return selection;
        }

        internal static StoreSelection? UsePostgreSql(string connectionString, string userName, byte[] password, IChangeReview review,
            Func<string, string?> environment, IStorePlatform platform)
        {
            try
            {
                var canonical = PostgreSqlConnectionText.Validate(connectionString, out bool requiresTls);
                if (string.IsNullOrWhiteSpace(userName))
                    throw new StoreException(StoreErrorKind.Invalid, UserNameMissingErrorId, "The credential names no user: give the PostgreSQL user the store is opened as.");
                if (password.Length == 0)
                    throw new StoreException(StoreErrorKind.Invalid, PasswordEmptyErrorId, $"The password of the PostgreSQL user '{userName}' is empty: give the user's password.");
                if (!requiresTls)
                    review.Warn("The connection string lets the store's traffic cross the network without TLS that checks the database server's certificate " +
                        "(SSL Mode is not VerifyCA or VerifyFull; Require encrypts but accepts any server): anyone on the path could read or change what the servers " +
                        "exchange with the database, or answer as the database. Add 'SSL Mode=VerifyFull' unless the network between them is trusted.");
                WarnWhenOverridden(review, environment);
                var folder = StoreSettingFile.Folder(environment);
                var files = StoreSettingFile.FilesIn(folder, platform);
                if (!review.Approve(files.Database, $"Every session and the service open the PostgreSQL store {canonical} as {userName.Trim()}")) return null;
                StoreFolderGuard.Prepare(files, platform, createDatabase: false); // the key file goes in a private folder
                var selection = new StoreSelection(StoreKind.PostgreSql, canonical, userName.Trim(), StoreSettingSecret.Seal(files, platform, password),
                    StoreSelectionSource.MachineSetting, files.Database);
                StoreSettingFile.Write(folder, selection, platform);
                return selection;
            }
            finally
            {
                Array.Clear(password, 0, password.Length);
            }
        }

        /// <summary>
        /// Rooted and, on Windows, on a drive or share (C:\x or \\server\share\x): "C:x" and "\x" depend on the current
        /// drive and folder, which differ between a session and the service.
        /// </summary>
        internal static bool IsFullPath(string path)
        {
            if (!Path.IsPathRooted(path)) return false;
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return true;
            if (path.StartsWith(@"\\", StringComparison.Ordinal) || path.StartsWith("//", StringComparison.Ordinal)) return true;
            return path.Length >= 3 && path[1] == ':' && (path[2] == '\\' || path[2] == '/');
        }

        private static void WarnWhenOverridden(IChangeReview review, Func<string, string?> environment)
        {
            var database = environment(StorePaths.DatabaseVariable);
            if (string.IsNullOrWhiteSpace(database)) return;
            review.Warn($"{StorePaths.DatabaseVariable} is set in this session ({database}), and it wins over the machine-wide setting: this session keeps opening that database. " +
                $"Sessions and services without {StorePaths.DatabaseVariable} open what the setting names.");
        }
    }
}
