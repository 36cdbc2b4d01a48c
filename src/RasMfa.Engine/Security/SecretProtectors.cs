using RasMfa.Engine.Security.Platform;

namespace RasMfa.Engine.Security
{
    /// <summary>Which protector, key material file and sealed format go with a platform.</summary>
    internal static class SecretProtectors
    {
        public const string EntropyFileName = "rasmfa.entropy";
        public const string KeyFileName = "rasmfa.key";

        /// <summary>The length of the key material: 256 bits, from a CSPRNG.</summary>
        public const int KeyMaterialLength = 32;

        /// <summary>The file beside the database that holds the 32 octets: DPAPI entropy, or the AES key.</summary>
        public static string KeyMaterialFileName(IStorePlatform platform) => platform.SealsWithDpapi ? EntropyFileName : KeyFileName;

        /// <summary>The format whose secrets cannot be unsealed without that file.</summary>
        public static byte FormatNeedingKeyMaterial(IStorePlatform platform) =>
            platform.SealsWithDpapi ? SealedSecretFormat.DpapiInstallEntropy : SealedSecretFormat.KeyFileAesGcm;

        public static ISecretProtector Create(IStorePlatform platform, byte[] keyMaterial)
        {
            if (platform.SealsWithDpapi) return new DpapiSecretProtector(platform, keyMaterial);
            return AesGcmSecretProtector.ForKeyFile(keyMaterial);
        }
    }
}
