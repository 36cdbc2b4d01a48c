using System;
using System.Security.Cryptography;

namespace RasMfa.Engine.Security
{
    /// <summary>
    /// DPAPI, machine scope, so that the service account and an administrator on the same server can
    /// both read the store (the database file's ACL is what keeps other users out). Windows only: not run on Linux CI.
    /// </summary>
    public sealed class DpapiSecretProtector : ISecretProtector
    {
        internal const byte FormatMarker = 2;
        private static readonly byte[] Entropy = System.Text.Encoding.UTF8.GetBytes("RasMfa secret v1");

        public byte[] Protect(byte[] plaintext)
        {
#if NET8_0_OR_GREATER
            if (!OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("DPAPI exists only on Windows.");
#endif
            var sealedBytes = ProtectedData.Protect(plaintext, Entropy, DataProtectionScope.LocalMachine);
            var result = new byte[sealedBytes.Length + 1];
            result[0] = FormatMarker;
            Buffer.BlockCopy(sealedBytes, 0, result, 1, sealedBytes.Length);
            return result;
        }

        public byte[] Unprotect(byte[] protectedData)
        {
#if NET8_0_OR_GREATER
            if (!OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("DPAPI exists only on Windows.");
#endif
            if (protectedData.Length < 2 || protectedData[0] != FormatMarker)
                throw new CryptographicException("The stored secret was not sealed with DPAPI on this machine.");
            var sealedBytes = new byte[protectedData.Length - 1];
            Buffer.BlockCopy(protectedData, 1, sealedBytes, 0, sealedBytes.Length);
            return ProtectedData.Unprotect(sealedBytes, Entropy, DataProtectionScope.LocalMachine);
        }
    }
}
