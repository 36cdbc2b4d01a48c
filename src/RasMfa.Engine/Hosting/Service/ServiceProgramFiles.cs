using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using RasMfa.Engine.Administration;

namespace RasMfa.Engine.Hosting.Service
{
    /// <summary>
    /// The service runs from a copy of the module's published host, one folder per build (named by its version and a hash
    /// of its files), not from the module's own folder: a module update (or a user-scope module folder that others may
    /// write, or one in a home folder that ProtectHome hides) must not change the files under a running service. A new
    /// build gets a new folder; the unit or the SCM is pointed at it and the service restarted.
    /// </summary>
    public static class ServiceProgramFiles
    {
        public const string NotPublishedErrorId = "ServiceProgramNotFound";

        /// <summary>The module's published host for <paramref name="framework"/> (net8.0 or net472); EngineException when the module has none.</summary>
        public static string SourceFolder(string moduleFolder, string framework, string entryFile)
        {
            var folder = Path.Combine(moduleFolder, "service", framework);
            if (!File.Exists(Path.Combine(folder, entryFile)))
                throw new EngineException(EngineErrorKind.NotFound, NotPublishedErrorId,
                    $"The module has no service host at {folder} ({entryFile} is missing): build.ps1 Build publishes it there; reinstall the module.", target: folder);
            return folder;
        }

        /// <summary>Where <paramref name="source"/> is (or would be) copied under <paramref name="programDirectory"/>.</summary>
        public static string DestinationFor(string source, string programDirectory) =>
            Path.Combine(Path.GetFullPath(programDirectory), typeof(ServiceProgramFiles).Assembly.GetName().Version + "-" + HashOf(source));

        /// <summary>
        /// Copies <paramref name="source"/> to <paramref name="destination"/> unless a copy with the same files, closed to
        /// others (ServiceProgramPermissions), is there; whole or not at all, folders 0755 and files 0644 on Linux.
        /// </summary>
        public static void Ensure(string source, string destination)
        {
            if (Directory.Exists(destination))
            {
                if (IsCurrent(source, destination)) return;
                Directory.Delete(destination, recursive: true); // altered by hand or open to others: replaced by the build it is named for
            }
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            var staging = destination + "." + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                foreach (var file in Files(source))
                {
                    var target = Path.Combine(staging, file);
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    File.Copy(Path.Combine(source, file), target);
                }
                ServiceProgramPermissions.Seal(staging);
                Directory.Move(staging, destination);
            }
            finally
            {
                if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            }
        }

        /// <summary>True when <paramref name="destination"/> holds <paramref name="source"/>'s files and no one else may have changed them.</summary>
        public static bool IsCurrent(string source, string destination) =>
            // Closed to others is checked first, so that no link in the copy is followed while hashing.
            Directory.Exists(destination) && ServiceProgramPermissions.IsSealed(destination) && HashOf(destination) == HashOf(source);

        /// <summary>Removes the copies of other builds (after the service was moved to <paramref name="keep"/>) and leftovers of stopped copies.</summary>
        public static void RemoveOthers(string programDirectory, string? keep)
        {
            if (!Directory.Exists(programDirectory)) return;
            foreach (var folder in Directory.GetDirectories(programDirectory))
            {
                if (keep != null && string.Equals(Path.GetFullPath(folder), Path.GetFullPath(keep), StringComparison.Ordinal)) continue;
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    // In use (Windows keeps a running .exe's files): left for the next install.
                }
            }
        }

        // Relative paths with '/', in ordinal order, so that the hash is the same on every system.
        private static string[] Files(string folder) => Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Select(path => path.Substring(folder.Length).TrimStart(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar))
            .OrderBy(path => path.Replace('\\', '/'), StringComparer.Ordinal)
            .ToArray();

        private static string HashOf(string folder)
        {
            using (var sha = SHA256.Create())
            {
                foreach (var file in Files(folder))
                {
                    var name = Encoding.UTF8.GetBytes(file.Replace('\\', '/') + "\n");
                    sha.TransformBlock(name, 0, name.Length, null, 0);
                    var content = File.ReadAllBytes(Path.Combine(folder, file));
                    var length = BitConverter.GetBytes((long)content.Length);
                    sha.TransformBlock(length, 0, length.Length, null, 0);
                    sha.TransformBlock(content, 0, content.Length, null, 0);
                }
                sha.TransformFinalBlock(new byte[0], 0, 0);
                return BitConverter.ToString(sha.Hash!, 0, 8).Replace("-", "").ToLowerInvariant();
            }
        }
    }
}
