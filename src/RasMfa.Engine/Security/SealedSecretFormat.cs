namespace RasMfa.Engine.Security
{
    /// <summary>
    /// The first octet of every sealed secret in the store, telling how it was sealed. Never reuse a value: a
    /// store holds secrets sealed by older versions too.
    /// </summary>
    internal static class SealedSecretFormat
    {
        /// <summary>AES-256-GCM with the key in rasmfa.key beside the database (Linux).</summary>
        public const byte KeyFileAesGcm = 1;

        /// <summary>
        /// DPAPI machine scope with an entropy compiled into RasMfa: any local user who could read the database could
        /// unseal it. Read still, resealed as <see cref="DpapiInstallEntropy"/> when a store gets its entropy file.
        /// </summary>
        public const byte DpapiFixedEntropy = 2;

        /// <summary>DPAPI machine scope with the 32 random octets of rasmfa.entropy beside the database (Windows).</summary>
        public const byte DpapiInstallEntropy = 3;

        /// <summary>
        /// AES-256-GCM with the key of a store shared by several servers (random, per store), which each server keeps
        /// sealed for itself (LocalStoreKeys) or unwraps from the admin's passphrase escrow (StoreKeyEscrow). The layout of
        /// <see cref="KeyFileAesGcm"/>; only the key differs.
        /// </summary>
        public const byte StoreKeyAesGcm = 4;

        /// <summary>
        /// No secret: what Copy-RasMfaStore -SkipUnreadable writes in place of a secret the source's key cannot open. No key
        /// opens it, whatever the destination's key is or becomes: the source's octets, which its writer chose, may be a
        /// secret sealed with the destination's own key, taken from another record.
        /// </summary>
        public const byte NotCopied = 255;

        /// <summary>The value of a secret not copied: the marker, then why, for whoever reads the raw row.</summary>
        public static byte[] NotCopiedValue() =>
            Combine(NotCopied, System.Text.Encoding.UTF8.GetBytes("not copied: the source's key could not open it"));

        private static byte[] Combine(byte marker, byte[] rest)
        {
            var value = new byte[rest.Length + 1];
            value[0] = marker;
            System.Buffer.BlockCopy(rest, 0, value, 1, rest.Length);
            return value;
        }

        /// <summary>The marker of a sealed secret, or null for an empty value.</summary>
        public static byte? MarkerOf(byte[] sealedSecret) => sealedSecret.Length == 0 ? (byte?)null : sealedSecret[0];
    }
}
