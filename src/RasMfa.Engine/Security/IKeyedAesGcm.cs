using System;

namespace RasMfa.Engine.Security
{
    /// <summary>
    /// AES-256-GCM with its key already set up, so that each secret opened does not set it up again. Not safe for two
    /// threads at once (.NET's AesGcm is not, on Linux): <see cref="KeyedCipherPool"/> lends it to one at a time.
    /// Disposing it forgets the key.
    /// </summary>
    internal interface IKeyedAesGcm : IDisposable
    {
        void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag);

        /// <summary>A CryptographicException when the tag does not match (altered, or another key); nothing unauthenticated is written then.</summary>
        void Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext);
    }
}
