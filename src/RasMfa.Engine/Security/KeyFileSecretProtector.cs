#if NET8_0_OR_GREATER
using System;
using System.Security.Cryptography;

namespace RasMfa.Engine.Security
{
    /// <summary>
    /// AES-256-GCM with a key kept in a file only its owner may read (rasmfa.key, mode 0600), beside the database.
    /// Used where DPAPI does not exist. Layout: marker, 12-octet nonce, 16-octet tag, ciphertext.
    /// </summary>
    internal sealed class KeyFileSecretProtector : ISecretProtector
    {
        private const int NonceLength = 12;
        private const int TagLength = 16;
        private readonly byte[] _key;

        public KeyFileSecretProtector(byte[] key)
        {
            if (key.Length != SecretProtectors.KeyMaterialLength) throw new ArgumentException($"The key must be {SecretProtectors.KeyMaterialLength} octets.", nameof(key));
            _key = key;
        }

        public byte[] Protect(byte[] plaintext)
        {
            var result = new byte[1 + NonceLength + TagLength + plaintext.Length];
            result[0] = SealedSecretFormat.KeyFileAesGcm;
            var nonce = result.AsSpan(1, NonceLength);
            RandomNumberGenerator.Fill(nonce);
            using var aes = new AesGcm(_key, TagLength);
            aes.Encrypt(nonce, plaintext, result.AsSpan(1 + NonceLength + TagLength), result.AsSpan(1 + NonceLength, TagLength));
            return result;
        }

        public byte[] Unprotect(byte[] protectedData)
        {
            if (protectedData.Length < 1 + NonceLength + TagLength || protectedData[0] != SealedSecretFormat.KeyFileAesGcm)
                throw new CryptographicException("The stored secret was not sealed with this machine's key file.");
            var plaintext = new byte[protectedData.Length - 1 - NonceLength - TagLength];
            using var aes = new AesGcm(_key, TagLength);
            aes.Decrypt(protectedData.AsSpan(1, NonceLength), protectedData.AsSpan(1 + NonceLength + TagLength),
                protectedData.AsSpan(1 + NonceLength, TagLength), plaintext);
            return plaintext;
        }
    }
}
#endif
