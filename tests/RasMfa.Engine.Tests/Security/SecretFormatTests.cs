// .NET 8+ only: the key-file protector and the DPAPI stand-in both seal with AES-GCM, which .NET Framework lacks.
#if NET
using System;
using System.Security.Cryptography;
using System.Text;
using RasMfa.Engine.Security;
using Xunit;

namespace RasMfa.Engine.Tests.Security
{
    public sealed class SecretFormatTests
    {
        private static readonly byte[] Secret = Encoding.UTF8.GetBytes("a RADIUS shared secret");

        private static byte[] NewEntropy() => RandomNumberGenerator.GetBytes(SecretProtectors.KeyMaterialLength);

        [Fact]
        public void Dpapi_secrets_are_marked_as_sealed_with_the_install_entropy_and_unseal_only_with_it()
        {
            var platform = new StandInDpapi();
            var entropy = NewEntropy();
            var sealedSecret = new DpapiSecretProtector(platform, entropy).Protect(Secret);

            Assert.Equal(SealedSecretFormat.DpapiInstallEntropy, sealedSecret[0]);
            Assert.Equal(Secret, new DpapiSecretProtector(platform, (byte[])entropy.Clone()).Unprotect(sealedSecret));
            // Same machine, other store's entropy: what a local user without the entropy file has.
            Assert.ThrowsAny<CryptographicException>(() => new DpapiSecretProtector(platform, NewEntropy()).Unprotect(sealedSecret));
        }

        [Fact]
        public void Secrets_sealed_before_per_install_entropy_are_still_read()
        {
            var platform = new StandInDpapi();
            var old = new DpapiSecretProtector(platform, NewEntropy()).ProtectWithFixedEntropy(Secret);

            Assert.Equal(SealedSecretFormat.DpapiFixedEntropy, old[0]);
            Assert.Equal(Secret, new DpapiSecretProtector(platform, NewEntropy()).Unprotect(old));
        }

        [Fact]
        public void Each_protector_refuses_the_others_format_with_a_message_naming_it()
        {
            var key = NewEntropy();
            var keyFileSealed = AesGcmSecretProtector.ForKeyFile(key).Protect(Secret);
            var dpapiSealed = new DpapiSecretProtector(new StandInDpapi(), key).Protect(Secret);

            Assert.Equal(SealedSecretFormat.KeyFileAesGcm, keyFileSealed[0]);
            Assert.Contains("Linux key file", Assert.ThrowsAny<CryptographicException>(() => new DpapiSecretProtector(new StandInDpapi(), key).Unprotect(keyFileSealed)).Message);
            Assert.Contains("not sealed with this machine's key file", Assert.ThrowsAny<CryptographicException>(() => AesGcmSecretProtector.ForKeyFile(key).Unprotect(dpapiSealed)).Message);
            Assert.Contains("unknown format (9)", Assert.ThrowsAny<CryptographicException>(() => new DpapiSecretProtector(new StandInDpapi(), key).Unprotect(new byte[] { 9, 1, 2 })).Message);
        }

        [Fact]
        public void A_key_file_secret_changed_by_one_bit_is_refused()
        {
            var protector = AesGcmSecretProtector.ForKeyFile(NewEntropy());
            var sealedSecret = protector.Protect(Secret);
            sealedSecret[sealedSecret.Length - 1] ^= 1;

            Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(sealedSecret));
        }

        [Fact]
        public void Key_material_must_be_32_octets()
        {
            Assert.Throws<ArgumentException>(() => AesGcmSecretProtector.ForKeyFile(new byte[16]));
            Assert.Throws<ArgumentException>(() => new DpapiSecretProtector(new StandInDpapi(), new byte[16]));
        }
    }
}
#endif
