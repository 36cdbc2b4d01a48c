using System;
using System.IO;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Security.Platform;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// Which store this process opens, and why: RASMFA_DATABASE (a SQLite file) wins; else the machine-wide setting
    /// (store.json: a SQLite file, or a PostgreSQL database with a user name and a password sealed for this machine);
    /// else the built-in SQLite path. Every session and the service decide the same way.
    /// </summary>
    public sealed class StoreSelection
    {
        internal StoreSelection(StoreKind kind, string location, string? userName, byte[]? sealedPassword, StoreSelectionSource source, string settingFile)
        {
            Kind = kind;
            Location = location;
            UserName = userName;
            SealedPassword = sealedPassword;
            Source = source;
            SettingFile = settingFile;
        }

        public StoreKind Kind { get; }

        /// <summary>The SQLite file's full path, or the PostgreSQL connection string (which never holds the password).</summary>
        public string Location { get; }

        /// <summary>PostgreSQL: the user name the store is opened as.</summary>
        public string? UserName { get; }

        public StoreSelectionSource Source { get; }

        /// <summary>Where the machine-wide setting is (or would be) kept, whether or not it decided.</summary>
        public string SettingFile { get; }

        /// <summary>PostgreSQL: the password, sealed for this machine; unsealed only to open the store.</summary>
        internal byte[]? SealedPassword { get; }

        /// <summary>The store this process would open now. Refuses a machine-wide setting that others could change or that is damaged (StoreException).</summary>
        public static StoreSelection Current() => Current(Environment.GetEnvironmentVariable, StorePlatforms.ForThisMachine());

        internal static StoreSelection Current(Func<string, string?> environment, IStorePlatform platform)
        {
            var settingFolder = StoreSettingFile.Folder(environment);
            var settingFile = StoreSettingFile.FilesIn(settingFolder, platform).Database;
            var database = environment(StorePaths.DatabaseVariable);
            // Read before the setting, which is then never touched: a session with RASMFA_DATABASE needs no access to it.
            if (!string.IsNullOrWhiteSpace(database))
                return new StoreSelection(StoreKind.Sqlite, Path.GetFullPath(database), null, null, StoreSelectionSource.Environment, settingFile);
            return StoreSettingFile.Read(settingFolder, platform)
                ?? new StoreSelection(StoreKind.Sqlite, StorePaths.BuiltInDatabasePath(), null, null, StoreSelectionSource.Default, settingFile);
        }

        /// <summary>Opens (or, for SQLite, creates) the store. StoreException when it cannot: see the message.</summary>
        // Two overloads, not an optional logger: the cmdlets assembly must not name Microsoft.Extensions.Logging (see SqliteStore.OpenDefault).
        public IRasMfaStore Open() => StoreOpener.Open(this, StorePlatforms.ForThisMachine(), null);

        public IRasMfaStore Open(ILogger logger) => StoreOpener.Open(this, StorePlatforms.ForThisMachine(), logger);

        public override string ToString() => UserName == null ? $"{Kind} {Location}" : $"{Kind} {Location} as {UserName}";
    }
}
