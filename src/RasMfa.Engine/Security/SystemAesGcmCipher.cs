#if NET8_0_OR_GREATER
using System;
using System.Security.Cryptography;

namespace RasMfa.Engine.Security
{
    /// <summary>.NET's own AES-GCM (the operating system's implementation: CNG on Windows, OpenSSL on Linux).</summary>
    internal sealed class SystemAesGcmCipher : IAesGcmCipher
    {
        public void Encrypt(byte[] key, byte[] nonce, byte[] plaintext, byte[] ciphertext, byte[] tag, byte[]? associatedData)
        {
            using var aes = new AesGcm(key, AesGcmLayout.TagLength);
            aes.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
        }

        public void Decrypt(byte[] key, byte[] nonce, byte[] ciphertext, byte[] tag, byte[] plaintext, byte[]? associatedData)
        {
            using var aes = new AesGcm(key, AesGcmLayout.TagLength);
            aes.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
        }

        public IKeyedAesGcm WithKey(byte[] key) => new Keyed(key);

        // AesGcm keeps the key in the operating system's context (an OpenSSL EVP context on Linux), set up once here.
        private sealed class Keyed : IKeyedAesGcm
        {
            private readonly AesGcm _aes;

            public Keyed(byte[] key) => _aes = new AesGcm(key, AesGcmLayout.TagLength);

            public void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag) =>
                _aes.Encrypt(nonce, plaintext, ciphertext, tag);

            public void Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext) =>
                _aes.Decrypt(nonce, ciphertext, tag, plaintext);

            public void Dispose() => _aes.Dispose();
        }
    }
}
#endif
