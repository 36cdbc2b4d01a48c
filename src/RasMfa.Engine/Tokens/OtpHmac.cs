using System;
using System.Security.Cryptography;

namespace RasMfa.Engine.Tokens
{
    /// <summary>
    /// The HMAC an OATH code is cut from (RFC 4226 section 5.3), without an object per code: .NET's one-shot HMACs where
    /// they exist; on .NET Framework, which has none, one instance per thread and algorithm, keyed again for each code.
    /// </summary>
    internal static class OtpHmac
    {
        /// <summary>Enough for HMAC-SHA-512, the longest.</summary>
        public const int MaxLength = 64;

        /// <summary>Writes HMAC(<paramref name="key"/>, <paramref name="message"/>) into <paramref name="destination"/>; returns its length.</summary>
        public static int Compute(OtpAlgorithm algorithm, byte[] key, ReadOnlySpan<byte> message, Span<byte> destination)
        {
#if NET
            return algorithm switch
            {
                OtpAlgorithm.Sha256 => HMACSHA256.HashData(key, message, destination),
                OtpAlgorithm.Sha512 => HMACSHA512.HashData(key, message, destination),
                _ => HMACSHA1.HashData(key, message, destination),
            };
#else
            var hmac = PerThread(algorithm);
            hmac.Key = key;
            var hash = hmac.ComputeHash(message.ToArray());
            hash.CopyTo(destination);
            return hash.Length;
#endif
        }

#if !NET
        [ThreadStatic] private static HMACSHA1? _sha1;
        [ThreadStatic] private static HMACSHA256? _sha256;
        [ThreadStatic] private static HMACSHA512? _sha512;

        // HMAC instances are not thread-safe; each thread keeps its own, so no lock is taken on the login path.
        private static HMAC PerThread(OtpAlgorithm algorithm) => algorithm switch
        {
            OtpAlgorithm.Sha256 => _sha256 ??= new HMACSHA256(),
            OtpAlgorithm.Sha512 => _sha512 ??= new HMACSHA512(),
            _ => (HMAC)(_sha1 ??= new HMACSHA1()),
        };
#endif
    }
}
