using System;
using System.Text;
using RasMfa.Engine.Tokens;
using Xunit;

namespace RasMfa.Engine.Tests.Tokens
{
    /// <summary>RFC 4226 appendix D and RFC 6238 appendix B, through our token code.</summary>
    public class RfcVectorTests
    {
        private static readonly byte[] Sha1Secret = Encoding.ASCII.GetBytes("12345678901234567890");
        private static readonly byte[] Sha256Secret = Encoding.ASCII.GetBytes("12345678901234567890123456789012");
        private static readonly byte[] Sha512Secret = Encoding.ASCII.GetBytes("1234567890123456789012345678901234567890123456789012345678901234");

        [Theory]
        [InlineData(0, "755224")]
        [InlineData(1, "287082")]
        [InlineData(2, "359152")]
        [InlineData(3, "969429")]
        [InlineData(4, "338314")]
        [InlineData(5, "254676")]
        [InlineData(6, "287922")]
        [InlineData(7, "162583")]
        [InlineData(8, "399871")]
        [InlineData(9, "520489")]
        public void Rfc4226_hotp(long counter, string expected)
        {
            var token = new OtpToken("rfc4226", OtpTokenType.Hotp, Sha1Secret);
            Assert.Equal(expected, OtpCalculator.Hotp(token, counter));
        }

        [Theory]
        [InlineData(59L, "94287082", "46119246", "90693936")]
        [InlineData(1111111109L, "07081804", "68084774", "25091201")]
        [InlineData(1111111111L, "14050471", "67062674", "99943326")]
        [InlineData(1234567890L, "89005924", "91819424", "93441116")]
        [InlineData(2000000000L, "69279037", "90698825", "38618901")]
        [InlineData(20000000000L, "65353130", "77737706", "47863826")]
        public void Rfc6238_totp(long unixTime, string sha1, string sha256, string sha512)
        {
            var time = DateTimeOffset.FromUnixTimeSeconds(unixTime).UtcDateTime;
            string Code(byte[] secret, OtpAlgorithm algorithm)
            {
                var token = new OtpToken("rfc6238", OtpTokenType.Totp, secret) { Algorithm = algorithm, Digits = 8, Period = 30 };
                return OtpCalculator.TotpForStep(token, OtpCalculator.TimeStep(time, 30));
            }
            Assert.Equal(sha1, Code(Sha1Secret, OtpAlgorithm.Sha1));
            Assert.Equal(sha256, Code(Sha256Secret, OtpAlgorithm.Sha256));
            Assert.Equal(sha512, Code(Sha512Secret, OtpAlgorithm.Sha512));
        }
    }
}
