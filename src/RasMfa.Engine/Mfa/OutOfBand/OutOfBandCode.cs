using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RasMfa.Engine.Mfa.OutOfBand
{
    /// <summary>
    /// A code sent out of band: made from a CSPRNG, and kept only as a keyed hash bound to the user, the client, the method
    /// and its expiry ("v1:expiry-ticks:base64-hash"), never the code. Whoever reads the stored challenge learns nothing
    /// that tests a guess without the key (<see cref="Methods.MethodRequest.CodeKey"/>).
    /// </summary>
    public static class OutOfBandCode
    {
        private const string Version = "v1";
        private static readonly byte[] KeyLabel = Encoding.UTF8.GetBytes("RasMfa out-of-band code key v1");

        /// <summary>A code of <paramref name="digits"/> digits, each value equally likely (rejection sampling, no modulo bias).</summary>
        public static string New(int digits)
        {
            uint range = 1;
            for (int i = 0; i < digits; i++) range *= 10;
            uint limit = uint.MaxValue - uint.MaxValue % range;
            var buffer = new byte[4];
            using var random = RandomNumberGenerator.Create();
            uint value;
            do
            {
                random.GetBytes(buffer);
                value = BitConverter.ToUInt32(buffer, 0);
            }
            while (value >= limit);
            return (value % range).ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');
        }

        /// <summary>The code key of a client: its shared secret, through HMAC with a label, so the secret itself is never the key.</summary>
        public static byte[] KeyOf(byte[] sharedSecret)
        {
            using var hmac = new HMACSHA256(sharedSecret);
            return hmac.ComputeHash(KeyLabel);
        }

        public static string Seal(byte[] key, long userId, string clientName, string method, DateTime expiresUtc, string code) =>
            Version + ":" + expiresUtc.Ticks.ToString(CultureInfo.InvariantCulture) + ":" +
            Convert.ToBase64String(Hash(key, userId, clientName, method, expiresUtc.Ticks, Encoding.UTF8.GetBytes(code)));

        /// <summary>The expiry and the hash a challenge's data holds; false when the data is not this format's.</summary>
        public static bool TryOpen(string? data, out DateTime expiresUtc, out byte[] hash)
        {
            expiresUtc = default;
            hash = new byte[0];
            var parts = data?.Split(':');
            if (parts == null || parts.Length != 3 || parts[0] != Version) return false;
            if (!long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) || ticks <= 0 || ticks > DateTime.MaxValue.Ticks) return false;
            try
            {
                hash = Convert.FromBase64String(parts[2]);
            }
            catch (FormatException)
            {
                return false;
            }
            expiresUtc = new DateTime(ticks, DateTimeKind.Utc);
            return hash.Length == 32;
        }

        public static byte[] Hash(byte[] key, long userId, string clientName, string method, long expiresTicks, byte[] code)
        {
            var bound = Encoding.UTF8.GetBytes(string.Join("\0", userId.ToString(CultureInfo.InvariantCulture), clientName.ToUpperInvariant(), method,
                expiresTicks.ToString(CultureInfo.InvariantCulture), ""));
            var message = new byte[bound.Length + code.Length];
            Buffer.BlockCopy(bound, 0, message, 0, bound.Length);
            Buffer.BlockCopy(code, 0, message, bound.Length, code.Length);
            using var hmac = new HMACSHA256(key);
            return hmac.ComputeHash(message);
        }
    }
}
