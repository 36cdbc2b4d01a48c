using System;
using System.IO;
using System.Security.Cryptography;
using RasMfa.Engine.Security;
using RasMfa.Engine.Security.Platform;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// The 32 random octets beside the database that secrets are sealed with (AES key or DPAPI entropy). Made once,
    /// for a store that holds nothing sealed with one; never remade while the database holds secrets sealed with it.
    /// </summary>
    internal static class StoreKeyFile
    {
        public const string MissingErrorId = "StoreKeyMissing";

        /// <param name="countSealedWithIt">How many secrets in the database need this file; asked only when it is missing.</param>
        /// <param name="created">True when this call made the file.</param>
        public static byte[] LoadOrCreate(StoreFiles files, IStorePlatform platform, Func<long> countSealedWithIt, out bool created)
        {
            created = false;
            RemoveStaleTemporaries(files.KeyFile, DateTime.UtcNow);
            if (!File.Exists(files.KeyFile))
            {
                long sealedCount = countSealedWithIt();
                if (sealedCount > 0) throw Missing(files, sealedCount);
                var fresh = NewKeyMaterial();
                if (TryCreate(files.KeyFile, fresh, platform))
                {
                    created = true;
                    return fresh;
                }
            }
            var existing = File.ReadAllBytes(files.KeyFile);
            if (existing.Length != SecretProtectors.KeyMaterialLength)
                throw new StoreException(StoreErrorKind.Unreadable, "StoreKeyDamaged",
                    $"{files.KeyFile} holds {existing.Length} octets, not {SecretProtectors.KeyMaterialLength}: it is not a RasMfa key file. Restore it from the backup taken with the database.");
            return existing;
        }

        private static byte[] NewKeyMaterial()
        {
            var bytes = new byte[SecretProtectors.KeyMaterialLength];
            using (var random = RandomNumberGenerator.Create()) random.GetBytes(bytes);
            return bytes;
        }

        // Written aside and moved into place, so that no process ever reads a half-written key, and a move onto a
        // file another process has just made fails instead of replacing it.
        private static bool TryCreate(string path, byte[] keyMaterial, IStorePlatform platform)
        {
            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                platform.CreatePrivateFile(temporary);
                using (var stream = new FileStream(temporary, FileMode.Open, FileAccess.Write, FileShare.None))
                {
                    stream.Write(keyMaterial, 0, keyMaterial.Length);
                    stream.Flush(flushToDisk: true);
                }
                File.Move(temporary, path);
                return true;
            }
            catch (IOException) when (File.Exists(path))
            {
                return false; // another process made it first: use theirs
            }
            finally
            {
                // Never mask the error that got here; a copy left behind is removed by a later open.
                TryDelete(temporary);
            }
        }

        /// <summary>
        /// Removes key material that an open stopped before moving into place (a crash, a kill) left beside the key
        /// file: only regular files named exactly as <see cref="TryCreate"/> names them, never a link, and only once
        /// they are older than any creation still under way in another process.
        /// </summary>
        internal static void RemoveStaleTemporaries(string keyFile, DateTime nowUtc)
        {
            var folder = Path.GetDirectoryName(keyFile)!;
            var prefix = Path.GetFileName(keyFile) + ".";
            foreach (var candidate in Directory.EnumerateFiles(folder, prefix + "*.tmp"))
            {
                if (!IsOurTemporaryName(Path.GetFileName(candidate), prefix)) continue;
                var entry = new FileInfo(candidate);
                if ((entry.Attributes & FileAttributes.ReparsePoint) != 0) continue;
                if (nowUtc - entry.LastWriteTimeUtc < StaleAfter) continue;
                TryDelete(candidate);
            }
        }

        // A creation takes a moment (create, write 32 octets, flush, move); a file this old is no one's work in progress.
        private static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(2);

        // <key file name>.<32 lowercase hex digits>.tmp, as Guid.ToString("N") writes them.
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
                // Left for a later open.
            }
        }

        private static StoreException Missing(StoreFiles files, long sealedCount) => new StoreException(StoreErrorKind.Unreadable, MissingErrorId,
            $"The database {files.Database} holds {sealedCount} secret(s) sealed with {files.KeyFile}, and that file is missing. " +
            "RasMfa will not make a new one: the secrets could never be unsealed with it. " +
            $"Restore {Path.GetFileName(files.KeyFile)} into {files.Folder} from the backup taken together with the database (see docs/security.md, 'Backing up and restoring'). " +
            "If it is lost for good, move the database aside, let RasMfa create a new store, and add the RADIUS clients and enrol the tokens again.");
    }
}
