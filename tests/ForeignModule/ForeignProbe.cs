using System;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ForeignModule
{
    /// <summary>What another module does with its own copies of the libraries RasMfa also uses.</summary>
    public static class ForeignProbe
    {
        private static bool _initialized;

        /// <summary>Loads this module's SQLite the way such a module must under PowerShell (which ignores .deps.json).</summary>
        public static void Initialize(string folder)
        {
            if (_initialized) return;
            var native = Path.Combine(folder, "runtimes", "linux-x64", "native", "libe_sqlite3.so");
            NativeLibrary.SetDllImportResolver(typeof(SQLitePCL.SQLite3Provider_e_sqlite3).Assembly,
                (name, assembly, searchPath) => name == "e_sqlite3" ? NativeLibrary.Load(native) : IntPtr.Zero);
            SQLitePCL.Batteries_V2.Init();
            _initialized = true;
        }

        /// <summary>Opens an in-memory database with this module's Microsoft.Data.Sqlite and reports the versions in use.</summary>
        public static string Sqlite()
        {
            using var connection = new SqliteConnection("Data Source=:memory:");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT sqlite_version()";
            return $"{typeof(SqliteConnection).Assembly.GetName().Version} {typeof(SQLitePCL.raw).Assembly.GetName().Version} {command.ExecuteScalar()}";
        }

        /// <summary>Logs through this module's Microsoft.Extensions.Logging and reports its version.</summary>
        public static string Logging()
        {
            using var factory = new LoggerFactory(new ILoggerProvider[] { NullLoggerProvider.Instance });
            factory.CreateLogger("foreign").LogInformation("still working");
            return typeof(LoggerFactory).Assembly.GetName().Version!.ToString();
        }
    }
}
