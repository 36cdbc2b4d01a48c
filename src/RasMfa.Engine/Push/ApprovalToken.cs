using System;
using System.Security.Cryptography;

namespace RasMfa.Engine.Push
{
    /// <summary>The link's one-time token: 256 bits from the CSPRNG, base64url in the link; only its SHA-256 is stored.</summary>
    public static class ApprovalToken
    {
        private const int Bytes = 32;

        public static string New()
        {
            var bytes = new byte[Bytes];
            using (var random = RandomNumberGenerator.Create()) random.GetBytes(bytes);
            return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }

        /// <summary>The stored form; null for text that cannot be a token (so a malformed link costs no store read).</summary>
        public static byte[]? Hash(string token)
        {
            if (token.Length != 43) return null;
            foreach (char c in token)
                if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) return null;
            using var sha = SHA256.Create();
            return sha.ComputeHash(System.Text.Encoding.ASCII.GetBytes(token));
        }
    }
}
