using System;
using System.IO;
using System.Runtime.InteropServices;

namespace RasMfa.Engine.Storage
{
    /// <summary>Where the embedded database lives: RASMFA_DATABASE, else a per-machine default (StoreSelection adds the machine-wide setting between them).</summary>
    public static class StorePaths
    {
        public const string DatabaseVariable = "RASMFA_DATABASE";

        public static string DefaultDatabasePath()
        {
            var configured = Environment.GetEnvironmentVariable(DatabaseVariable);
            if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured);
            return BuiltInDatabasePath();
        }

        /// <summary>The database's path when neither RASMFA_DATABASE nor the machine-wide setting names one.</summary>
        public static string BuiltInDatabasePath()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "RasMfa", "rasmfa.db");
            var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
            if (string.IsNullOrWhiteSpace(dataHome))
                dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            return Path.Combine(dataHome, "rasmfa", "rasmfa.db");
        }
    }
}
