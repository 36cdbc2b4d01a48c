using System;

namespace RasMfa.Engine.Tokens
{
    /// <summary>
    /// Resynchronisation from two consecutive codes (RFC 4226 section 7.4): an HOTP token whose counter ran ahead,
    /// or a TOTP token whose clock drifted. Two codes in a row are needed, so a lucky guess cannot move a token.
    /// </summary>
    public static class TokenSync
    {
        public const int HotpSearchWindow = 10000;
        public const int TotpSearchSteps = 240;

        /// <summary>The HOTP counter or TOTP step of the second code, or null when no consecutive pair matches.</summary>
        public static long? FindSecondPosition(OtpToken token, string firstCode, string secondCode, DateTime nowUtc)
        {
            long start, end;
            if (token.Type == OtpTokenType.Hotp)
            {
                start = token.Counter;
                end = token.Counter + HotpSearchWindow;
            }
            else
            {
                long now = OtpCalculator.TimeStep(nowUtc, token.Period);
                start = now - TotpSearchSteps;
                end = now + TotpSearchSteps;
            }
            string Code(long position) => token.Type == OtpTokenType.Hotp ? OtpCalculator.Hotp(token, position) : OtpCalculator.TotpForStep(token, position);
            var first = OtpCalculator.Bytes(firstCode.Trim());
            var second = OtpCalculator.Bytes(secondCode.Trim());
            for (long position = start; position < end; position++)
            {
                if (Radius.ConstantTime.AreEqual(OtpCalculator.Bytes(Code(position)), first) && Radius.ConstantTime.AreEqual(OtpCalculator.Bytes(Code(position + 1)), second))
                    return position + 1;
            }
            return null;
        }
    }
}
