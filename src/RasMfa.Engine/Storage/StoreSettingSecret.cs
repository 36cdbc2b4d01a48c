using System;
using System.Security.Cryptography;
using RasMfa.Engine.Security;
using RasMfa.Engine.Security.Platform;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// Seals the store's password for this machine, as the store seals its secrets: DPAPI machine scope with an entropy
    /// file on Windows, AES-GCM with a key file elsewhere, the file (store.json.entropy or store.json.key) beside store.json.
    /// </summary>
    internal static class StoreSettingSecret
    {
        public const string UnreadableErrorId = "StoreSettingPasswordUnreadable";

        /// <summary>Makes the key file when it is missing: the setting being written replaces whatever was sealed before.</summary>
        public static byte[] Seal(StoreFiles files, IStorePlatform platform, byte[] password)
        {
            var key = StoreKeyFile.LoadOrCreate(files, platform, countSealedWithIt: () => 0, out _);
            return SecretProtectors.Create(platform, key).Protect(password);
        }

        public static byte[] Unseal(StoreFiles files, IStorePlatform platform, byte[] sealedPassword)
        {
            try
            {
                var key = StoreKeyFile.LoadOrCreate(files, platform, countSealedWithIt: () => 1, out _); // never made here: refused when missing
                return SecretProtectors.Create(platform, key).Unprotect(sealedPassword);
            }
            catch (StoreException e) when (e.ErrorId == StoreKeyFile.MissingErrorId || e.ErrorId == "StoreKeyDamaged")
            {
                throw Unreadable(files, $"{files.KeyFile} is missing or damaged", e);
            }
            catch (CryptographicException e)
            {
                throw Unreadable(files, $"it was not sealed with this machine's {files.KeyFile} ({e.Message})", e);
            }
        }

        private static StoreException Unreadable(StoreFiles files, string reason, Exception inner) => new StoreException(StoreErrorKind.Unreadable, UnreadableErrorId,
            $"The store's password in {files.Database} cannot be unsealed on this machine: {reason}. A setting copied from another server does not open here: " +
            "write the machine-wide store setting again on this machine, with the password.", inner);
    }
}
