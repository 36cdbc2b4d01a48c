using System;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace RasMfa.Engine.Security
{
    /// <summary>
    /// AES-GCM from BouncyCastle, for .NET Framework, which has none of its own. BouncyCastle writes the tag after the
    /// ciphertext; the caller's buffers keep them apart as the System implementation does.
    /// </summary>
    internal sealed class BouncyCastleAesGcmCipher : IAesGcmCipher
    {
        public void Encrypt(byte[] key, byte[] nonce, byte[] plaintext, byte[] ciphertext, byte[] tag, byte[]? associatedData)
        {
            var gcm = Cipher(forEncryption: true, key, nonce, associatedData);
            var output = new byte[gcm.GetOutputSize(plaintext.Length)];
            int written = gcm.ProcessBytes(plaintext, 0, plaintext.Length, output, 0);
            gcm.DoFinal(output, written);
            Buffer.BlockCopy(output, 0, ciphertext, 0, plaintext.Length);
            Buffer.BlockCopy(output, plaintext.Length, tag, 0, AesGcmLayout.TagLength);
        }

        public void Decrypt(byte[] key, byte[] nonce, byte[] ciphertext, byte[] tag, byte[] plaintext, byte[]? associatedData)
        {
            var gcm = Cipher(forEncryption: false, key, nonce, associatedData);
            var input = new byte[ciphertext.Length + tag.Length];
            Buffer.BlockCopy(ciphertext, 0, input, 0, ciphertext.Length);
            Buffer.BlockCopy(tag, 0, input, ciphertext.Length, tag.Length);
            // BouncyCastle returns the plaintext only once the tag is checked, in DoFinal: nothing unauthenticated leaves here.
            var output = new byte[gcm.GetOutputSize(input.Length)];
            try
            {
                int written = gcm.ProcessBytes(input, 0, input.Length, output, 0);
                gcm.DoFinal(output, written);
            }
            catch (InvalidCipherTextException e)
            {
                throw new CryptographicException("The authentication tag does not match: the data was altered, or sealed with another key.", e);
            }
            Buffer.BlockCopy(output, 0, plaintext, 0, plaintext.Length);
        }

        public IKeyedAesGcm WithKey(byte[] key) => new Keyed(this, key);

        // BouncyCastle sets the key up again for each operation whatever is kept (this build is for Windows PowerShell, not the
        // listener's hot path), so the keyed form only holds a copy of the key, cleared when disposed.
        private sealed class Keyed : IKeyedAesGcm
        {
            private readonly BouncyCastleAesGcmCipher _cipher;
            private readonly byte[] _key;

            public Keyed(BouncyCastleAesGcmCipher cipher, byte[] key)
            {
                _cipher = cipher;
                _key = (byte[])key.Clone();
            }

            public void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag)
            {
                var sealedOctets = new byte[plaintext.Length];
                var tagOctets = new byte[AesGcmLayout.TagLength];
                _cipher.Encrypt(_key, nonce.ToArray(), plaintext.ToArray(), sealedOctets, tagOctets, associatedData: null);
                sealedOctets.CopyTo(ciphertext);
                tagOctets.CopyTo(tag);
            }

            public void Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext)
            {
                var clear = new byte[ciphertext.Length];
                try
                {
                    _cipher.Decrypt(_key, nonce.ToArray(), ciphertext.ToArray(), tag.ToArray(), clear, associatedData: null);
                    clear.CopyTo(plaintext);
                }
                finally
                {
                    Array.Clear(clear, 0, clear.Length);
                }
            }

            public void Dispose() => Array.Clear(_key, 0, _key.Length);
        }

        private static GcmBlockCipher Cipher(bool forEncryption, byte[] key, byte[] nonce, byte[]? associatedData)
        {
            if (key.Length != AesGcmLayout.KeyLength) throw new CryptographicException($"An AES-256 key is {AesGcmLayout.KeyLength} octets, not {key.Length}.");
            if (nonce.Length != AesGcmLayout.NonceLength) throw new CryptographicException($"The nonce must be {AesGcmLayout.NonceLength} octets.");
            var gcm = new GcmBlockCipher(new AesEngine());
            gcm.Init(forEncryption, new AeadParameters(new KeyParameter(key), AesGcmLayout.TagLength * 8, nonce, associatedData));
            return gcm;
        }
    }
}
