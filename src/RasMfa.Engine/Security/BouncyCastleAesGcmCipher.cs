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
