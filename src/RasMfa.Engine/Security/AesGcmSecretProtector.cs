using System;
using System.Security.Cryptography;

namespace RasMfa.Engine.Security
{
    /// <summary>
    /// AES-256-GCM with a 32-octet key: the Linux key file's (rasmfa.key beside the database) or a shared store's key,
    /// told apart by the marker so that a secret names the key it needs. Layout: marker, 12-octet nonce, 16-octet tag,
    /// ciphertext. The same octets on every build (.NET's AES-GCM or BouncyCastle's, see <see cref="AesGcmLayout"/>).
    /// The cipher set up with the key is kept (<see cref="KeyedCipherPool"/>), not the secrets it opens; disposing the
    /// protector (its key rotated away) disposes the ciphers, and a late use after that still works, with a cipher of its own.
    /// </summary>
    internal sealed class AesGcmSecretProtector : ISecretProtector, IDisposable
    {
        private const int HeaderLength = 1 + AesGcmLayout.NonceLength + AesGcmLayout.TagLength;
        private readonly byte _marker;
        private readonly byte[] _key;
        private readonly KeyedCipherPool _ciphers;

        internal AesGcmSecretProtector(byte marker, byte[] key, IAesGcmCipher cipher)
        {
            if (marker != SealedSecretFormat.KeyFileAesGcm && marker != SealedSecretFormat.StoreKeyAesGcm)
                throw new ArgumentException($"Format {marker} is not sealed with AES-GCM.", nameof(marker));
            if (key.Length != AesGcmLayout.KeyLength) throw new ArgumentException($"The key must be {AesGcmLayout.KeyLength} octets.", nameof(key));
            _marker = marker;
            _key = (byte[])key.Clone();
            _ciphers = new KeyedCipherPool(() => cipher.WithKey(_key));
        }

        /// <summary>Secrets of a store on one Linux machine, sealed with the key in rasmfa.key.</summary>
        public static AesGcmSecretProtector ForKeyFile(byte[] key) => new AesGcmSecretProtector(SealedSecretFormat.KeyFileAesGcm, key, AesGcmLayout.DefaultCipher);

        /// <summary>Secrets of a store shared by several servers, sealed with the store's key that each server keeps (<see cref="LocalStoreKeys"/>).</summary>
        public static AesGcmSecretProtector ForStoreKey(byte[] storeKey) => new AesGcmSecretProtector(SealedSecretFormat.StoreKeyAesGcm, storeKey, AesGcmLayout.DefaultCipher);

        /// <summary>The ciphers kept for this key (tests).</summary>
        internal KeyedCipherPool Ciphers => _ciphers;

        public byte[] Protect(byte[] plaintext)
        {
            var result = new byte[HeaderLength + plaintext.Length];
            result[0] = _marker;
            var nonce = new Span<byte>(result, 1, AesGcmLayout.NonceLength);
#if NET
            RandomNumberGenerator.Fill(nonce);
#else
            var random = new byte[AesGcmLayout.NonceLength];
            using (var generator = RandomNumberGenerator.Create()) generator.GetBytes(random);
            random.CopyTo(nonce);
#endif
            var cipher = _ciphers.Rent();
            try
            {
                cipher.Encrypt(nonce, plaintext, new Span<byte>(result, HeaderLength, plaintext.Length), new Span<byte>(result, 1 + AesGcmLayout.NonceLength, AesGcmLayout.TagLength));
            }
            finally
            {
                _ciphers.Return(cipher);
            }
            return result;
        }

        public byte[] Unprotect(byte[] protectedData)
        {
            if (protectedData.Length < HeaderLength || protectedData[0] != _marker) throw new CryptographicException(NotOurs(protectedData));
            var plaintext = new byte[protectedData.Length - HeaderLength];
            var cipher = _ciphers.Rent();
            try
            {
                cipher.Decrypt(new ReadOnlySpan<byte>(protectedData, 1, AesGcmLayout.NonceLength), new ReadOnlySpan<byte>(protectedData, HeaderLength, plaintext.Length),
                    new ReadOnlySpan<byte>(protectedData, 1 + AesGcmLayout.NonceLength, AesGcmLayout.TagLength), plaintext);
            }
            finally
            {
                _ciphers.Return(cipher);
            }
            return plaintext;
        }

        /// <summary>Disposes the ciphers set up with this key (it was rotated away or the store closed).</summary>
        public void Dispose() => _ciphers.Dispose();

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
