#if NET8_0_OR_GREATER
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
    }
}
#endif
