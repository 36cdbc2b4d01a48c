using System;
using System.IO;
using System.Runtime.InteropServices;

namespace RasMfa.Engine.Storage
{
    /// <summary>Where the embedded database lives: RASMFA_DATABASE, else a per-machine default.</summary>
    public static class StorePaths
    {
        public const string DatabaseVariable = "RASMFA_DATABASE";

        public static string DefaultDatabasePath()
        {
            var configured = Environment.GetEnvironmentVariable(DatabaseVariable);
            if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured);
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "RasMfa", "rasmfa.db");
            var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
            if (string.IsNullOrWhiteSpace(dataHome))
                dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            return Path.Combine(dataHome, "rasmfa", "rasmfa.db");
        }
    }
}
