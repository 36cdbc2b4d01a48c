using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using RasMfa.Engine.Security.Platform;

namespace RasMfa.Engine.Hosting.Service
{
    /// <summary>
    /// The service's copy of its program on Linux: another local user who could change a file of it, or a folder above one,
    /// would run code as the service's user (which owns the store's key). A copy is made 0755 (folders) and 0644 (files),
    /// owned by the installing user (root, as Install-RasMfaService runs), whatever modes the module's own files had; and a
    /// copy found in place is kept only if it still is so (no other owner, no group or others write bit, no symbolic link).
    /// </summary>
    internal static class ServiceProgramPermissions
    {
        private const uint FolderMode = 0x1ED; // 0o755
        private const uint FileMode = 0x1A4;   // 0o644
        private const int GroupOrOthersWrite = 0x12; // 0o022

        private static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>Gives <paramref name="folder"/> and everything in it the copy's modes (Linux; nothing on Windows, whose program folders inherit their ACL).</summary>
        public static void Seal(string folder)
        {
            if (IsWindows) return;
            UnixNative.SetMode(folder, FolderMode);
            foreach (var directory in Directory.GetDirectories(folder, "*", SearchOption.AllDirectories)) UnixNative.SetMode(directory, FolderMode);
            foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories)) UnixNative.SetMode(file, FileMode);
        }

        /// <summary>True when no one but the installing user (root) may have changed <paramref name="folder"/> or anything in it.</summary>
        public static bool IsSealed(string folder)
        {
            if (IsWindows) return true;
            var owner = UnixNative.EffectiveUserId();
            if (!IsOwnedAndClosed(folder, owner)) return false;
            // A link is refused before anything is followed through it: enumeration stops at the first one found.
            var pending = new System.Collections.Generic.Stack<string>();
            pending.Push(folder);
            while (pending.Count > 0)
            {
                foreach (var entry in Directory.EnumerateFileSystemEntries(pending.Pop()))
                {
                    if ((File.GetAttributes(entry) & FileAttributes.ReparsePoint) != 0 || !IsOwnedAndClosed(entry, owner)) return false;
                    if (Directory.Exists(entry)) pending.Push(entry);
                }
            }
            return true;
        }

        private static bool IsOwnedAndClosed(string path, uint owner)
        {
            var status = UnixNative.Status(path);
            return status.OwnerUid == owner && (status.Mode & GroupOrOthersWrite) == 0;
        }
    }
}
