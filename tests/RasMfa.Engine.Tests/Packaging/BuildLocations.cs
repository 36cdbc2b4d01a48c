using System;
using System.IO;
using System.Linq;

namespace RasMfa.Engine.Tests.Packaging
{
    /// <summary>The built module and the NuGet packages its frameworks are described by.</summary>
    internal static class BuildLocations
    {
        public static string RepositoryRoot
        {
            get
            {
                for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
                {
                    if (File.Exists(Path.Combine(folder.FullName, "RasMfa.sln"))) return folder.FullName;
                }
                throw new InvalidOperationException("RasMfa.sln not found above " + AppContext.BaseDirectory);
            }
        }

        /// <summary>bin/&lt;framework&gt; of the module build.ps1 made; fails (not skips) when it was not built.</summary>
        public static string ModuleBin(string framework)
        {
            var bin = Path.Combine(RepositoryRoot, "out", "RasMfa", "bin", framework);
            if (!File.Exists(Path.Combine(bin, "RasMfa.Cmdlets.dll")))
                throw new InvalidOperationException($"The module is not built at {bin}: run 'dotnet pwsh ./build.ps1 Build' (build.ps1 Test does).");
            return bin;
        }

        public static string PackagesFolder
        {
            get
            {
                var configured = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
                return string.IsNullOrEmpty(configured)
                    ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages")
                    : configured;
            }
        }

        /// <summary>The newest restored version folder of a package whose version starts with <paramref name="versionPrefix"/>.</summary>
        public static string Package(string id, string versionPrefix)
        {
            var folder = Path.Combine(PackagesFolder, id.ToLowerInvariant());
            var version = Directory.Exists(folder)
                ? Directory.GetDirectories(folder).Select(Path.GetFileName).Where(v => v!.StartsWith(versionPrefix, StringComparison.Ordinal))
                    .OrderBy(v => Version.TryParse(v, out var parsed) ? parsed : new Version(0, 0)).LastOrDefault()
                : null;
            if (version == null) throw new InvalidOperationException($"The package {id} {versionPrefix}* is not restored under {PackagesFolder}.");
            return Path.Combine(folder, version);
        }
    }
}
