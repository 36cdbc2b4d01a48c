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
            return Checked(files, File.ReadAllBytes(files.KeyFile));
        }

        /// <summary>
        /// For a store that is only read (a copy's source): the key material as it is, never made nor cleaned up after. A
        /// missing file gives a random key that nothing was sealed with: secrets that needed the file are then each
        /// reported unreadable by name, as they would be with the wrong file.
        /// </summary>
        public static byte[] LoadForReading(StoreFiles files)
        {
            if (!File.Exists(files.KeyFile)) return NewKeyMaterial();
            return Checked(files, File.ReadAllBytes(files.KeyFile));
        }

        private static byte[] Checked(StoreFiles files, byte[] existing)
        {
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

        // Written aside and moved into place (Security/PrivateFiles); a move onto a file another process has just made
        // fails instead of replacing it, and theirs is used.
        private static bool TryCreate(string path, byte[] keyMaterial, IStorePlatform platform) =>
            PrivateFiles.TryWrite(path, keyMaterial, platform, replace: false);

        /// <summary>Removes key material that an open stopped before moving into place left beside the key file.</summary>
        internal static void RemoveStaleTemporaries(string keyFile, DateTime nowUtc) => PrivateFiles.RemoveStaleTemporaries(keyFile, nowUtc);

        private static StoreException Missing(StoreFiles files, long sealedCount) => new StoreException(StoreErrorKind.Unreadable, MissingErrorId,
            $"The database {files.Database} holds {sealedCount} secret(s) sealed with {files.KeyFile}, and that file is missing. " +
            "RasMfa will not make a new one: the secrets could never be unsealed with it. " +
            $"Restore {Path.GetFileName(files.KeyFile)} into {files.Folder} from the backup taken together with the database (see docs/security.md, 'Backing up and restoring'). " +
            "If it is lost for good, move the database aside, let RasMfa create a new store, and add the RADIUS clients and enrol the tokens again.");
    }
}
