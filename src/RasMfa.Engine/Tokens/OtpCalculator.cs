using System;
using System.Text;

namespace RasMfa.Engine.Tokens
{
    /// <summary>
    /// Codes for a token: RFC 4226 HOTP (dynamic truncation of an HMAC over the counter), and RFC 6238 TOTP (HOTP over the
    /// time step). Written as ASCII digits into the caller's buffer, so that checking a login's candidates allocates nothing;
    /// the same codes as Otp.NET's (tested against it and the RFCs' vectors).
    /// </summary>
    public static class OtpCalculator
    {
        /// <summary>The most digits a code may have: a truncated HMAC is 31 bits, at most 10 decimal digits.</summary>
        public const int MaxDigits = 10;

        private const int CounterLength = 8;
        private static readonly DateTime UnixEpoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        public static long TimeStep(DateTime utc, int period) => (long)Math.Floor((utc - UnixEpoch).TotalSeconds / period);

        /// <summary>The TOTP code of time step <paramref name="step"/>: the HOTP code with the step as counter (RFC 6238 section 4.2).</summary>
        public static string TotpForStep(OtpToken token, long step) => Text(token, step);

        public static string Hotp(OtpToken token, long counter) => Text(token, counter);

        public static byte[] Bytes(string code) => Encoding.ASCII.GetBytes(code);

        /// <summary>
        /// Writes the code for <paramref name="movingFactor"/> (a HOTP counter or a TOTP step, any value a long holds) as
        /// <paramref name="destination"/>.Length ASCII digits, which must be the token's <see cref="OtpToken.Digits"/>.
        /// </summary>
        public static void WriteCode(OtpToken token, long movingFactor, Span<byte> destination)
        {
            int digits = token.Digits;
            if (digits < 1 || digits > MaxDigits) throw new ArgumentOutOfRangeException(nameof(token), $"A code has 1 to {MaxDigits} digits, not {digits}.");
            if (destination.Length != digits) throw new ArgumentException($"The code takes {digits} octets.", nameof(destination));
            Span<byte> counter = stackalloc byte[CounterLength];
            for (int i = CounterLength - 1; i >= 0; i--, movingFactor >>= 8) counter[i] = (byte)movingFactor;
            Span<byte> hash = stackalloc byte[OtpHmac.MaxLength];
            int length = OtpHmac.Compute(token.Algorithm, token.Secret, counter, hash);
            // Dynamic truncation (RFC 4226 section 5.3): 31 bits at the offset the last nibble names.
            int offset = hash[length - 1] & 0x0f;
            long binary = (hash[offset] & 0x7f) << 24 | hash[offset + 1] << 16 | hash[offset + 2] << 8 | hash[offset + 3];
            hash.Clear();
            for (int i = digits - 1; i >= 0; i--, binary /= 10) destination[i] = (byte)('0' + binary % 10);
        }

        private static string Text(OtpToken token, long movingFactor)
        {
            Span<byte> code = stackalloc byte[MaxDigits];
            code = code.Slice(0, Math.Max(0, Math.Min(token.Digits, MaxDigits)));
            WriteCode(token, movingFactor, code);
            var chars = new char[code.Length];
            for (int i = 0; i < code.Length; i++) chars[i] = (char)code[i];
            return new string(chars);
        }
    }
}
