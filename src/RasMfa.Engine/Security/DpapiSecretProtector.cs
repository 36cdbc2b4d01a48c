using System;
using System.Security.Cryptography;
using RasMfa.Engine.Security.Platform;

namespace RasMfa.Engine.Security
{
    /// <summary>
    /// DPAPI, machine scope, so that the service and every administrator on the server can unseal, plus this store's
    /// own 32 random octets of entropy from a file only they can read: a local user who cannot read the store folder
    /// cannot unseal a copied secret, although DPAPI's machine key serves every account.
    /// Layout: marker <see cref="SealedSecretFormat.DpapiInstallEntropy"/>, then the DPAPI blob.
    /// </summary>
    internal sealed class DpapiSecretProtector : ISecretProtector
    {
        // The entropy of RasMfa before per-install entropy: kept only to read what was sealed with it.
        private static readonly byte[] FixedEntropy = System.Text.Encoding.UTF8.GetBytes("RasMfa secret v1");
        private readonly IStorePlatform _platform;
        private readonly byte[] _entropy;

        public DpapiSecretProtector(IStorePlatform platform, byte[] installEntropy)
        {
            if (installEntropy.Length != SecretProtectors.KeyMaterialLength) throw new ArgumentException($"The entropy must be {SecretProtectors.KeyMaterialLength} octets.", nameof(installEntropy));
            _platform = platform;
            _entropy = installEntropy;
        }

        public byte[] Protect(byte[] plaintext) => WithMarker(SealedSecretFormat.DpapiInstallEntropy, _platform.ProtectWithDpapi(plaintext, _entropy));

        public byte[] Unprotect(byte[] protectedData)
        {
            if (protectedData.Length < 2) throw new CryptographicException("The stored secret is empty or cut short.");
            var blob = new byte[protectedData.Length - 1];
            Buffer.BlockCopy(protectedData, 1, blob, 0, blob.Length);
            return protectedData[0] switch
            {
                SealedSecretFormat.DpapiInstallEntropy => _platform.UnprotectWithDpapi(blob, _entropy),
                SealedSecretFormat.DpapiFixedEntropy => _platform.UnprotectWithDpapi(blob, FixedEntropy),
                SealedSecretFormat.KeyFileAesGcm => throw new CryptographicException("The stored secret was sealed with a Linux key file, not with DPAPI on this machine."),
                SealedSecretFormat.StoreKeyAesGcm => throw new CryptographicException("The stored secret was sealed with the shared store's key, not with DPAPI on this machine."),
                SealedSecretFormat.NotCopied => throw new CryptographicException(AesGcmSecretProtector.NotCopiedReason),
                _ => throw new CryptographicException($"The stored secret has an unknown format ({protectedData[0]})."),
            };
        }

        /// <summary>Seals as RasMfa did before per-install entropy; for tests that build an old store.</summary>
        internal byte[] ProtectWithFixedEntropy(byte[] plaintext) => WithMarker(SealedSecretFormat.DpapiFixedEntropy, _platform.ProtectWithDpapi(plaintext, FixedEntropy));

        private static byte[] WithMarker(byte marker, byte[] blob)
        {
            var result = new byte[blob.Length + 1];
            result[0] = marker;
            Buffer.BlockCopy(blob, 0, result, 1, blob.Length);
            return result;
        }
    }
}
