using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using RasMfa.Engine.Security;
using Xunit;

namespace RasMfa.Engine.Tests.Security
{
    /// <summary>
    /// AES-256-GCM secrets open the same on every build: Windows PowerShell 5.1's (BouncyCastle) and PowerShell 7's
    /// (.NET's own) share one store. Both implementations run here on .NET; on .NET Framework, BouncyCastle alone, against
    /// the published test vectors that .NET's implementation meets too.
    /// </summary>
    public sealed class AesGcmSecretTests
    {
        private static readonly byte[] Secret = Encoding.UTF8.GetBytes("a RADIUS shared secret");

        public static IEnumerable<object[]> Ciphers()
        {
            yield return new object[] { "BouncyCastle" };
#if NET
            yield return new object[] { "System" };
#endif
        }

        private static IAesGcmCipher Cipher(string name) => name switch
        {
#if NET
            "System" => new SystemAesGcmCipher(),
#endif
            _ => new BouncyCastleAesGcmCipher(),
        };

        private static byte[] NewKey()
        {
            var key = new byte[32];
            using (var random = RandomNumberGenerator.Create()) random.GetBytes(key);
            return key;
        }

        private static AesGcmSecretProtector StoreKeyProtector(byte[] key, string cipher) =>
            new AesGcmSecretProtector(SealedSecretFormat.StoreKeyAesGcm, key, Cipher(cipher));

        // The GCM specification's test cases 14 (AES-256, no associated data) and 16 (AES-256 with associated data).
        [Theory]
        [MemberData(nameof(Ciphers))]
        public void Each_implementation_meets_the_published_AES_256_GCM_test_vectors(string cipher)
        {
            var aes = Cipher(cipher);
            var ciphertext = new byte[16];
            var tag = new byte[16];
            aes.Encrypt(new byte[32], new byte[12], new byte[16], ciphertext, tag, null);
            Assert.Equal(Hex.Parse("cea7403d4d606b6e074ec5d3baf39d18"), ciphertext);
            Assert.Equal(Hex.Parse("d0d1c8a799996bf0265b98b5d48ab919"), tag);

            var key = Hex.Parse("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
            var plaintext = Hex.Parse("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
            var associated = Hex.Parse("feedfacedeadbeeffeedfacedeadbeefabaddad2");
            var nonce = Hex.Parse("cafebabefacedbaddecaf888");
            ciphertext = new byte[plaintext.Length];
            aes.Encrypt(key, nonce, plaintext, ciphertext, tag, associated);
            Assert.Equal(Hex.Parse("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"), ciphertext);
            Assert.Equal(Hex.Parse("76fc6ece0f4e1768cddf8853bb2d551b"), tag);
            var opened = new byte[plaintext.Length];
            aes.Decrypt(key, nonce, ciphertext, tag, opened, associated);
            Assert.Equal(plaintext, opened);
        }

#if NET
        [Theory]
        [InlineData("BouncyCastle", "System")]
        [InlineData("System", "BouncyCastle")]
        public void A_secret_sealed_by_one_build_opens_on_the_other(string sealer, string opener)
        {
            var key = NewKey();
            foreach (var plaintext in new[] { Array.Empty<byte>(), Secret, new byte[1000] })
            {
                var sealedSecret = StoreKeyProtector(key, sealer).Protect(plaintext);
                Assert.Equal(SealedSecretFormat.StoreKeyAesGcm, sealedSecret[0]);
                Assert.Equal(1 + 12 + 16 + plaintext.Length, sealedSecret.Length);
                Assert.Equal(plaintext, StoreKeyProtector(key, opener).Unprotect(sealedSecret));
            }
        }
#endif

        [Theory]
        [MemberData(nameof(Ciphers))]
        public void A_secret_with_any_one_octet_changed_is_refused(string cipher)
        {
            var protector = StoreKeyProtector(NewKey(), cipher);
            var sealedSecret = protector.Protect(Secret);
            for (int i = 0; i < sealedSecret.Length; i++)
            {
                var altered = (byte[])sealedSecret.Clone();
                altered[i] ^= 0x01;
                Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(altered));
            }
            Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(sealedSecret.AsSpan(0, sealedSecret.Length - 1).ToArray()));
            Assert.Equal(Secret, protector.Unprotect(sealedSecret));
        }

        [Theory]
        [MemberData(nameof(Ciphers))]
        public void A_secret_sealed_with_another_stores_key_is_refused(string cipher)
        {
            var sealedSecret = StoreKeyProtector(NewKey(), cipher).Protect(Secret);

            Assert.ThrowsAny<CryptographicException>(() => StoreKeyProtector(NewKey(), cipher).Unprotect(sealedSecret));
        }

        [Fact]
        public void Store_key_and_key_file_secrets_name_the_key_they_need()
        {
            var key = NewKey();
            var storeKeySealed = AesGcmSecretProtector.ForStoreKey(key).Protect(Secret);
            var keyFileSealed = AesGcmSecretProtector.ForKeyFile(key).Protect(Secret);

            Assert.Equal(SealedSecretFormat.StoreKeyAesGcm, storeKeySealed[0]);
            Assert.Equal(SealedSecretFormat.KeyFileAesGcm, keyFileSealed[0]);
            // The same 32 octets, yet neither opens the other's: a secret is read with the key its marker names, or not at all.
            Assert.Contains("shared store's key, not with this machine's key file",
                Assert.ThrowsAny<CryptographicException>(() => AesGcmSecretProtector.ForKeyFile(key).Unprotect(storeKeySealed)).Message);
            Assert.Contains("not sealed with the shared store's key",
                Assert.ThrowsAny<CryptographicException>(() => AesGcmSecretProtector.ForStoreKey(key).Unprotect(keyFileSealed)).Message);
        }
    }
}
