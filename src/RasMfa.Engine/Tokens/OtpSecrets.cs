using System;
using System.Security.Cryptography;
using OtpNet;

namespace RasMfa.Engine.Tokens
{
    /// <summary>New secrets from a CSPRNG, at least 160 bits, and their base32 and hex forms.</summary>
    public static class OtpSecrets
    {
        /// <summary>RFC 4226 asks for at least 128 bits and recommends 160; SHA-256/512 get a key as long as their output.</summary>
        public static byte[] Generate(OtpAlgorithm algorithm)
        {
            int length = algorithm == OtpAlgorithm.Sha512 ? 64 : algorithm == OtpAlgorithm.Sha256 ? 32 : 20;
            var secret = new byte[length];
            using var random = RandomNumberGenerator.Create();
            random.GetBytes(secret);
            return secret;
        }

        public static string ToBase32(byte[] secret) => Base32Encoding.ToString(secret).TrimEnd('=');

        /// <summary>Reads a secret written in base32 (as apps and most CSV exports) or hex (as many token vendors); null when neither.</summary>
        public static byte[]? Parse(string text)
        {
            var clean = text.Replace(" ", "").Replace("-", "").Trim();
            if (clean.Length == 0) return null;
            bool hex = clean.Length % 2 == 0 && IsAll(clean, Uri.IsHexDigit) && !IsAll(clean, char.IsLetter);
            if (hex || clean.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            {
                if (clean.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) clean = clean.Substring(2);
                if (clean.Length % 2 != 0 || !IsAll(clean, Uri.IsHexDigit)) return null;
                var bytes = new byte[clean.Length / 2];
                for (int i = 0; i < bytes.Length; i++) bytes[i] = Convert.ToByte(clean.Substring(i * 2, 2), 16);
                return bytes;
            }
            clean = clean.TrimEnd('=').ToUpperInvariant();
            if (!IsAll(clean, c => (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'))) return null;
            try
            {
                return Base32Encoding.ToBytes(clean);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        private static bool IsAll(string text, Func<char, bool> test)
        {
            foreach (var c in text) if (!test(c)) return false;
            return true;
        }
    }
}
