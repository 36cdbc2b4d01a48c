using System.Security.Cryptography;
using System.Text;

namespace RasMfa.Engine.BypassCodes
{
    /// <summary>
    /// A bypass code's digits and how it is stored. Twelve digits (about 40 bits): a code lives up to 30 days, and the
    /// lockout lets an attacker through at most LockoutThreshold (at most 100) guesses, then one per LockoutMinutes (at
    /// least 1), plus whatever the real user's successful logins clear; even a few hundred thousand guesses against ten live
    /// codes find one with a chance of a few in a million, about that of a single guess at a 6-digit TOTP code. Digits only,
    /// so that RAS's OTP field takes them. Stored as HMAC-SHA256 under a random key of its own, which is sealed like the
    /// other secrets: a copy of the database without the store's key cannot test guesses offline.
    /// </summary>
    public static class BypassCodeSecret
    {
        public const int Digits = 12;

        public const int KeyLength = 32;

        /// <summary><see cref="Digits"/> decimal digits from a CSPRNG, each uniform (octets of 250 or more are drawn again).</summary>
        public static string NewCode()
        {
            var code = new StringBuilder(Digits);
            var octet = new byte[1];
            using var random = RandomNumberGenerator.Create();
            while (code.Length < Digits)
            {
                random.GetBytes(octet);
                if (octet[0] < 250) code.Append((char)('0' + octet[0] % 10));
            }
            return code.ToString();
        }

        public static byte[] NewKey()
        {
            var key = new byte[KeyLength];
            using var random = RandomNumberGenerator.Create();
            random.GetBytes(key);
            return key;
        }

        /// <summary>The keyed hash of a code's octets (as the User-Password carries them).</summary>
        public static byte[] Hash(byte[] key, byte[] code)
        {
            using var hmac = new HMACSHA256(key);
            return hmac.ComputeHash(code);
        }

        public static byte[] Hash(byte[] key, string code) => Hash(key, Encoding.ASCII.GetBytes(code));
    }
}
