using System;
using System.IO;
using RasMfa.Engine.Security.Platform;

namespace RasMfa.Engine.Security
{
    /// <summary>
    /// Key files written whole or not at all: the octets go into a new private file beside the target (only trusted
    /// accounts can read it from its creation), which is then moved into place, so no process ever reads half a key.
    /// Used for the store's key file (Storage/StoreKeyFile) and for the shared store keys each server keeps (LocalStoreKeys).
    /// </summary>
    internal static class PrivateFiles
    {
        // A write takes a moment (create, write, flush, move); a temporary this old is no one's work in progress.
        private static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(2);

        /// <summary>
        /// Writes <paramref name="content"/> to <paramref name="path"/>. Without <paramref name="replace"/>, false when the
        /// file exists or another process makes it first (theirs is kept); with it, an existing file is replaced in one rename.
        /// </summary>
        public static bool TryWrite(string path, byte[] content, IStorePlatform platform, bool replace) =>
            TryWrite(path, stream => stream.Write(content, 0, content.Length), platform, replace);

        /// <summary>
        /// <see cref="TryWrite(string, byte[], IStorePlatform, bool)"/> for content too large to hold at once (an export):
        /// <paramref name="write"/> streams it into the private temporary; if it throws, nothing reaches <paramref name="path"/>.
        /// </summary>
        public static bool TryWrite(string path, Action<Stream> write, IStorePlatform platform, bool replace)
        {
            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                platform.CreatePrivateFile(temporary);
                using (var stream = new FileStream(temporary, FileMode.Open, FileAccess.Write, FileShare.None))
                {
                    write(stream);
                    stream.Flush(flushToDisk: true);
                }
                try
                {
                    File.Move(temporary, path); // fails, rather than replaces, when the file exists
                }
                catch (IOException) when (replace && File.Exists(path))
                {
                    File.Replace(temporary, path, destinationBackupFileName: null);
                }
                return true;
            }
            catch (IOException) when (!replace && File.Exists(path))
            {
                return false;
            }
            finally
            {
                // Never mask the error that got here; a copy left behind is removed by a later call.
                TryDelete(temporary);
            }
        }

        /// <summary>
        /// Removes what a write stopped before its move (a crash, a kill) left beside <paramref name="path"/>: only regular
        /// files named exactly as <see cref="TryWrite"/> names them, never a link, and only once they are older than any
        /// write still under way in another process.
        /// </summary>
        public static void RemoveStaleTemporaries(string path, DateTime nowUtc)
        {
            var folder = Path.GetDirectoryName(path)!;
            var prefix = Path.GetFileName(path) + ".";
            foreach (var candidate in Directory.EnumerateFiles(folder, prefix + "*.tmp"))
            {
                if (!IsOurTemporaryName(Path.GetFileName(candidate), prefix)) continue;
                var entry = new FileInfo(candidate);
                if ((entry.Attributes & FileAttributes.ReparsePoint) != 0) continue;
                if (nowUtc - entry.LastWriteTimeUtc < StaleAfter) continue;
                TryDelete(candidate);
            }
        }

        // <file name>.<32 lowercase hex digits>.tmp, as Guid.ToString("N") writes them.
        private static bool IsOurTemporaryName(string name, string prefix)
        {
            const int HexDigits = 32;
            if (name.Length != prefix.Length + HexDigits + 4 || !name.StartsWith(prefix, StringComparison.Ordinal) || !name.EndsWith(".tmp", StringComparison.Ordinal))
                return false;
            for (int i = prefix.Length; i < prefix.Length + HexDigits; i++)
            {
                char c = name[i];
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
            }
            return true;
        }

        private static void TryDelete(string path)
        {
            try
            {
                if (File.Exists(path)) File.Delete(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // Left for a later call.
            }
        }
    }
}
