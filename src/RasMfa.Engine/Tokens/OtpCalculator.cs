using System;
using System.Text;
using OtpNet;

namespace RasMfa.Engine.Tokens
{
    /// <summary>Codes for a token, computed with Otp.NET (RFC 4226 HOTP, RFC 6238 TOTP).</summary>
    public static class OtpCalculator
    {
        private static readonly DateTime UnixEpoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        public static long TimeStep(DateTime utc, int period) => (long)Math.Floor((utc - UnixEpoch).TotalSeconds / period);

        public static string TotpForStep(OtpToken token, long step) =>
            new Totp(token.Secret, token.Period, Mode(token.Algorithm), token.Digits).ComputeTotp(UnixEpoch.AddSeconds(step * (double)token.Period));

        public static string Hotp(OtpToken token, long counter) =>
            new Hotp(token.Secret, Mode(token.Algorithm), token.Digits).ComputeHOTP(counter);

        public static byte[] Bytes(string code) => Encoding.ASCII.GetBytes(code);

        private static OtpHashMode Mode(OtpAlgorithm algorithm) => algorithm switch
        {
            OtpAlgorithm.Sha256 => OtpHashMode.Sha256,
            OtpAlgorithm.Sha512 => OtpHashMode.Sha512,
            _ => OtpHashMode.Sha1,
        };
    }
}
