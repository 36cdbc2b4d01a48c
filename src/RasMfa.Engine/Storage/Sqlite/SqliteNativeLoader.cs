using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace RasMfa.Engine.Storage.Sqlite
{
    /// <summary>
    /// PowerShell ignores a module's .deps.json, so the native e_sqlite3 under runtimes/&lt;rid&gt;/native is
    /// not found by the usual probing. This points the loader at the file for the running platform.
    /// </summary>
    internal static class SqliteNativeLoader
    {
        private static readonly object Gate = new object();
        private static bool _done;

        public static void EnsureLoaded()
        {
            lock (Gate)
            {
                if (_done) return;
                _done = true;
                var baseDirectory = Path.GetDirectoryName(typeof(SqliteNativeLoader).Assembly.Location) ?? AppContext.BaseDirectory;
#if NET8_0_OR_GREATER
                // The load context the engine (and so SQLitePCLRaw's provider) lives in: the module's own under PowerShell 7.
                var context = System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(typeof(SqliteNativeLoader).Assembly)
                    ?? System.Runtime.Loader.AssemblyLoadContext.Default;
                context.ResolvingUnmanagedDll += (assembly, name) =>
                {
                    if (!name.Contains("e_sqlite3")) return IntPtr.Zero;
                    var candidate = Candidate(baseDirectory);
                    return candidate != null && NativeLibrary.TryLoad(candidate, out var handle) ? handle : IntPtr.Zero;
                };
#else
                // .NET Framework has no NativeLibrary: loading the library first makes DllImport("e_sqlite3") find it.
                // Windows PowerShell 5.1 through LoadLibrary; Mono (where the net472 tests run) through dlopen, after which
                // its probe for "libe_sqlite3.so" finds the loaded library by its soname.
                var candidate = Candidate(baseDirectory) ?? Candidate(OriginalDirectory());
                if (candidate != null)
                {
                    if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) LoadLibrary(candidate);
                    else DlOpen(candidate);
                }
#endif
                SQLitePCL.Batteries_V2.Init();
            }
        }

        private static string? Candidate(string baseDirectory)
        {
            string architecture = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
            string os, file;
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) { os = "win"; file = "e_sqlite3.dll"; }
            else if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX)) { os = "osx"; file = "libe_sqlite3.dylib"; }
            else { os = IsMusl() ? "linux-musl" : "linux"; file = "libe_sqlite3.so"; }
            foreach (var path in new[]
            {
                Path.Combine(baseDirectory, file),
                Path.Combine(baseDirectory, "runtimes", $"{os}-{architecture}", "native", file),
            })
            {
                if (File.Exists(path)) return path;
            }
            return null;
        }

        private static bool IsMusl() => File.Exists("/lib/ld-musl-x86_64.so.1") || File.Exists("/lib/ld-musl-aarch64.so.1");

#if !NET8_0_OR_GREATER
        [DllImport("kernel32", SetLastError = true, CharSet = CharSet.Unicode)]
        private static extern IntPtr LoadLibrary(string path);

        private const int RtldNow = 2;

        // A host that shadow-copies assemblies (test runners, ASP.NET) loads this one from a copy with no runtimes/ beside
        // it; CodeBase still names where it was installed.
        private static string OriginalDirectory() =>
            Path.GetDirectoryName(new Uri(typeof(SqliteNativeLoader).Assembly.CodeBase).LocalPath) ?? AppDomain.CurrentDomain.BaseDirectory;

        private static void DlOpen(string path)
        {
            IntPtr handle;
            // glibc keeps dlopen in libdl.so.2 (a stub since 2.34); musl and macOS have it in libc.
            try { handle = DlOpenGlibc(path, RtldNow); }
            catch (DllNotFoundException) { handle = DlOpenLibc(path, RtldNow); }
            if (handle == IntPtr.Zero) throw new DllNotFoundException($"dlopen could not load {path}.");
        }

        [DllImport("libdl.so.2", EntryPoint = "dlopen")]
        private static extern IntPtr DlOpenGlibc(string path, int flags);

        [DllImport("libc", EntryPoint = "dlopen")]
        private static extern IntPtr DlOpenLibc(string path, int flags);
#endif
    }
}
