#if NET8_0_OR_GREATER
using System;
using System.IO;
using System.Security.Cryptography;

namespace RasMfa.Engine.Security
{
    /// <summary>
    /// AES-256-GCM with a key kept in a file only its owner may read (mode 0600), beside the database.
    /// Used where DPAPI does not exist. Layout: marker, 12-octet nonce, 16-octet tag, ciphertext.
    /// </summary>
    public sealed class KeyFileSecretProtector : ISecretProtector
    {
        internal const byte FormatMarker = 1;
        private const int KeyLength = 32;
        private const int NonceLength = 12;
        private const int TagLength = 16;
        private readonly byte[] _key;

        public KeyFileSecretProtector(string keyPath)
        {
            KeyPath = keyPath;
            _key = LoadOrCreateKey(keyPath);
        }

        public string KeyPath { get; }

        public byte[] Protect(byte[] plaintext)
        {
            var result = new byte[1 + NonceLength + TagLength + plaintext.Length];
            result[0] = FormatMarker;
            var nonce = result.AsSpan(1, NonceLength);
            RandomNumberGenerator.Fill(nonce);
            using var aes = new AesGcm(_key, TagLength);
            aes.Encrypt(nonce, plaintext, result.AsSpan(1 + NonceLength + TagLength), result.AsSpan(1 + NonceLength, TagLength));
            return result;
        }

        public byte[] Unprotect(byte[] protectedData)
        {
            if (protectedData.Length < 1 + NonceLength + TagLength || protectedData[0] != FormatMarker)
                throw new CryptographicException("The stored secret was not sealed with this machine's key file.");
            var plaintext = new byte[protectedData.Length - 1 - NonceLength - TagLength];
            using var aes = new AesGcm(_key, TagLength);
            aes.Decrypt(protectedData.AsSpan(1, NonceLength), protectedData.AsSpan(1 + NonceLength + TagLength),
                protectedData.AsSpan(1 + NonceLength, TagLength), plaintext);
            return plaintext;
        }

        private static byte[] LoadOrCreateKey(string keyPath)
        {
            if (!File.Exists(keyPath))
            {
                var key = RandomNumberGenerator.GetBytes(KeyLength);
                try
                {
                    var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
                    if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                    using var stream = new FileStream(keyPath, options);
                    stream.Write(key);
                    return key;
                }
                catch (IOException) when (File.Exists(keyPath))
                {
                    // Another process created it first; fall through and read theirs.
                }
            }
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(keyPath) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
                throw new CryptographicException($"The key file {keyPath} can be read by other users; run 'chmod 600 {keyPath}'.");
            var existing = File.ReadAllBytes(keyPath);
            if (existing.Length != KeyLength) throw new CryptographicException($"The key file {keyPath} is not a {KeyLength}-octet key.");
            return existing;
        }
    }
}
#endif
