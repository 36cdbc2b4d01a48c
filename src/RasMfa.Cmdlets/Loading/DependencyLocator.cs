using System;
using System.Collections.Generic;
using System.IO;

namespace RasMfa.Cmdlets.Loading
{
    /// <summary>The operating systems the module ships platform-specific files for.</summary>
    internal enum ModulePlatform
    {
        Windows,
        Linux,
        LinuxMusl,
        MacOS,
    }

    /// <summary>
    /// Which file of the module's dependencies folder answers for an assembly or a native library on one platform.
    /// Pure decisions over a folder listing, so that the loader's choices are tested here for every platform.
    /// Layout (made by build.ps1): <c>dependencies/X.dll</c> for portable assemblies,
    /// <c>dependencies/runtimes/&lt;os&gt;/lib/X.dll</c> for assemblies built per OS (LDAP, System.Drawing), and
    /// <c>dependencies/runtimes/&lt;os&gt;-&lt;arch&gt;/native/</c> for native libraries (SQLite).
    /// </summary>
    internal sealed class DependencyLocator
    {
        /// <summary>The folder beside the cmdlets assembly that holds everything else; PowerShell's own probing never looks there.</summary>
        public const string FolderName = "dependencies";

        private readonly Func<string, bool> _fileExists;

        public DependencyLocator(string folder, ModulePlatform platform, string architecture, Func<string, bool>? fileExists = null)
        {
            Folder = folder;
            Platform = platform;
            Architecture = architecture.ToLowerInvariant();
            _fileExists = fileExists ?? File.Exists;
        }

        public string Folder { get; }

        public ModulePlatform Platform { get; }

        public string Architecture { get; }

        /// <summary>The OS folders under runtimes/ that apply here, most specific first (as NuGet's RID graph orders them).</summary>
        public IReadOnlyList<string> OperatingSystemFolders
        {
            get
            {
                switch (Platform)
                {
                    case ModulePlatform.Windows: return new[] { "win" };
                    case ModulePlatform.MacOS: return new[] { "osx", "unix" };
                    case ModulePlatform.LinuxMusl: return new[] { "linux-musl", "linux", "unix" };
                    default: return new[] { "linux", "unix" };
                }
            }
        }

        /// <summary>The shipped file for an assembly's simple name, whatever version was asked for; null when we ship none.</summary>
        public string? FindAssembly(string simpleName)
        {
            if (string.IsNullOrEmpty(simpleName) || simpleName.IndexOfAny(InvalidNameCharacters) >= 0) return null;
            var fileName = simpleName + ".dll";
            foreach (var os in OperatingSystemFolders)
            {
                var candidate = Path.Combine(Folder, "runtimes", os, "lib", fileName);
                if (_fileExists(candidate)) return candidate;
            }
            var portable = Path.Combine(Folder, fileName);
            return _fileExists(portable) ? portable : null;
        }

        /// <summary>The shipped native library for a DllImport name such as "e_sqlite3"; null when we ship none.</summary>
        public string? FindNativeLibrary(string libraryName)
        {
            if (string.IsNullOrEmpty(libraryName) || libraryName.IndexOfAny(InvalidNameCharacters) >= 0) return null;
            string baseName = Path.GetFileNameWithoutExtension(libraryName);
            if (baseName.StartsWith("lib", StringComparison.Ordinal) && Platform != ModulePlatform.Windows) baseName = baseName.Substring(3);
            string fileName = Platform == ModulePlatform.Windows ? baseName + ".dll"
                : Platform == ModulePlatform.MacOS ? "lib" + baseName + ".dylib"
                : "lib" + baseName + ".so";
            var os = OperatingSystemFolders[0];
            var candidate = Path.Combine(Folder, "runtimes", os + "-" + Architecture, "native", fileName);
            return _fileExists(candidate) ? candidate : null;
        }

        // A name is a file name, never a path: an assembly reference cannot make us load from elsewhere.
        private static readonly char[] InvalidNameCharacters = { '/', '\\', ':', '\0' };
    }
}
