namespace RasMfa.Engine.Security
{
    /// <summary>
    /// AES-256-GCM with a 12-octet nonce and a 16-octet tag, whichever library computes it: what one build seals the
    /// other opens (a shared store is used by Windows PowerShell 5.1's build and PowerShell 7's at once).
    /// </summary>
    internal interface IAesGcmCipher
    {
        /// <summary>Fills <paramref name="ciphertext"/> (as long as the plaintext) and <paramref name="tag"/>.</summary>
        void Encrypt(byte[] key, byte[] nonce, byte[] plaintext, byte[] ciphertext, byte[] tag, byte[]? associatedData);

        /// <summary>Fills <paramref name="plaintext"/>; a CryptographicException when the tag does not match (altered, or another key).</summary>
        void Decrypt(byte[] key, byte[] nonce, byte[] ciphertext, byte[] tag, byte[] plaintext, byte[]? associatedData);

        /// <summary>An instance bound to <paramref name="key"/> (copied), for many operations, by one thread at a time.</summary>
        IKeyedAesGcm WithKey(byte[] key);
    }
}
