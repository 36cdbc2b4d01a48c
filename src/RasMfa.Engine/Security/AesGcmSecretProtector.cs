using System;
using System.Security.Cryptography;

namespace RasMfa.Engine.Security
{
    /// <summary>
    /// AES-256-GCM with a 32-octet key: the Linux key file's (rasmfa.key beside the database) or a shared store's key,
    /// told apart by the marker so that a secret names the key it needs. Layout: marker, 12-octet nonce, 16-octet tag,
    /// ciphertext. The same octets on every build (.NET's AES-GCM or BouncyCastle's, see <see cref="AesGcmLayout"/>).
    /// </summary>
    internal sealed class AesGcmSecretProtector : ISecretProtector
    {
        private const int HeaderLength = 1 + AesGcmLayout.NonceLength + AesGcmLayout.TagLength;
        private readonly byte _marker;
        private readonly byte[] _key;
        private readonly IAesGcmCipher _cipher;

        internal AesGcmSecretProtector(byte marker, byte[] key, IAesGcmCipher cipher)
        {
            if (marker != SealedSecretFormat.KeyFileAesGcm && marker != SealedSecretFormat.StoreKeyAesGcm)
                throw new ArgumentException($"Format {marker} is not sealed with AES-GCM.", nameof(marker));
            if (key.Length != AesGcmLayout.KeyLength) throw new ArgumentException($"The key must be {AesGcmLayout.KeyLength} octets.", nameof(key));
            _marker = marker;
            _key = (byte[])key.Clone();
            _cipher = cipher;
        }

        /// <summary>Secrets of a store on one Linux machine, sealed with the key in rasmfa.key.</summary>
        public static AesGcmSecretProtector ForKeyFile(byte[] key) => new AesGcmSecretProtector(SealedSecretFormat.KeyFileAesGcm, key, AesGcmLayout.DefaultCipher);

        /// <summary>Secrets of a store shared by several servers, sealed with the store's key that each server keeps (<see cref="LocalStoreKeys"/>).</summary>
        public static AesGcmSecretProtector ForStoreKey(byte[] storeKey) => new AesGcmSecretProtector(SealedSecretFormat.StoreKeyAesGcm, storeKey, AesGcmLayout.DefaultCipher);

        public byte[] Protect(byte[] plaintext)
        {
            var nonce = new byte[AesGcmLayout.NonceLength];
            using (var random = RandomNumberGenerator.Create()) random.GetBytes(nonce);
            var tag = new byte[AesGcmLayout.TagLength];
            var ciphertext = new byte[plaintext.Length];
            _cipher.Encrypt(_key, nonce, plaintext, ciphertext, tag, associatedData: null);
            var result = new byte[HeaderLength + plaintext.Length];
            result[0] = _marker;
            Buffer.BlockCopy(nonce, 0, result, 1, nonce.Length);
            Buffer.BlockCopy(tag, 0, result, 1 + nonce.Length, tag.Length);
            Buffer.BlockCopy(ciphertext, 0, result, HeaderLength, ciphertext.Length);
            return result;
        }

        public byte[] Unprotect(byte[] protectedData)
        {
            if (protectedData.Length < HeaderLength || protectedData[0] != _marker) throw new CryptographicException(NotOurs(protectedData));
            var nonce = new byte[AesGcmLayout.NonceLength];
            var tag = new byte[AesGcmLayout.TagLength];
            var ciphertext = new byte[protectedData.Length - HeaderLength];
            Buffer.BlockCopy(protectedData, 1, nonce, 0, nonce.Length);
            Buffer.BlockCopy(protectedData, 1 + nonce.Length, tag, 0, tag.Length);
            Buffer.BlockCopy(protectedData, HeaderLength, ciphertext, 0, ciphertext.Length);
            var plaintext = new byte[ciphertext.Length];
            _cipher.Decrypt(_key, nonce, ciphertext, tag, plaintext, associatedData: null);
            return plaintext;
        }

        private string NotOurs(byte[] protectedData)
        {
            if (protectedData.Length > 0 && protectedData[0] == SealedSecretFormat.NotCopied) return NotCopiedReason;
            if (protectedData.Length > 0 && protectedData[0] == SealedSecretFormat.StoreKeyAesGcm)
                return "The stored secret was sealed with the shared store's key, not with this machine's key file.";
            if (_marker == SealedSecretFormat.StoreKeyAesGcm)
                return "The stored secret was not sealed with the shared store's key: it was sealed on one server only (its key file or DPAPI), or it is cut short.";
            return "The stored secret was not sealed with this machine's key file.";
        }

        internal const string NotCopiedReason = "The secret was not copied into this store (Copy-RasMfaStore -SkipUnreadable: the source's key could not open it): set it again.";
    }
}
