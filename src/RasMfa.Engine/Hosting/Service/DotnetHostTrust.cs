using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using RasMfa.Engine.Security.Platform;

namespace RasMfa.Engine.Hosting.Service
{
    /// <summary>
    /// Whether the service may run a dotnet host: the unit runs it as the service's user, which owns the store's key, so a
    /// host (or a folder above it) another local user may change would run that user's code with the key. The host is
    /// judged at its real path (links resolved), which is also what the unit names, so no link can be swapped later.
    /// </summary>
    internal static class DotnetHostTrust
    {
        private const int GroupOrOthersWrite = 0x12; // 0o022
        private const int MostLinks = 40;            // Linux's own limit when it resolves a path

        /// <summary><paramref name="path"/> with every symbolic link in it resolved (the path itself where links cannot be read: net472).</summary>
        public static string RealPath(string path) => RealPath(Path.GetFullPath(path), 0);

        /// <summary>Null when only root (or the installing user) may change the host and every folder above it; otherwise why not.</summary>
        public static string? Distrust(string realPath)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return null;
            var installer = UnixNative.EffectiveUserId();
            for (var path = realPath; !string.IsNullOrEmpty(path); path = Path.GetDirectoryName(path))
            {
                try
                {
                    var status = UnixNative.Status(path);
                    if (status.OwnerUid != 0 && status.OwnerUid != installer) return $"{path} belongs to user {(status.OwnerUid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown")}, not root";
                    if ((status.Mode & GroupOrOthersWrite) != 0) return $"{path} may be written by its group or others";
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is EntryPointNotFoundException)
                {
                    return $"{path} cannot be checked ({e.Message})";
                }
            }
            return null;
        }

        private static string RealPath(string fullPath, int links)
        {
#if NET
            if (links > MostLinks) throw new IOException($"{fullPath}: too many symbolic links.");
            var parts = fullPath.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
            var current = "/";
            for (int i = 0; i < parts.Length; i++)
            {
                var next = Path.Combine(current, parts[i]);
                var target = new FileInfo(next).LinkTarget;
                if (target != null)
                {
                    // current has no link in it, so a relative target's ".." is resolved lexically against it.
                    var resolved = Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Combine(current, target));
                    var rest = parts.Skip(i + 1).ToArray();
                    return RealPath(rest.Length == 0 ? resolved : Path.Combine(resolved, string.Join("/", rest)), links + 1);
                }
                current = next;
            }
            return current;
#else
            return fullPath;
#endif
        }
    }
}
