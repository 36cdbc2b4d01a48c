namespace RasMfa.Engine.Security
{
    /// <summary>The sizes every AES-GCM secret of RasMfa uses, and the implementation each build uses by default.</summary>
    internal static class AesGcmLayout
    {
        public const int KeyLength = 32;
        public const int NonceLength = 12;
        public const int TagLength = 16;

        /// <summary>.NET's own where it has one; BouncyCastle on .NET Framework. Both give the same octets (tested).</summary>
        public static IAesGcmCipher DefaultCipher { get; } =
#if NET8_0_OR_GREATER
            new SystemAesGcmCipher();
#else
            new BouncyCastleAesGcmCipher();
#endif
    }
}
