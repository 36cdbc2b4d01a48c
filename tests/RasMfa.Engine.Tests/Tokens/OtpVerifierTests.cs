using System;
using System.Linq;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Tokens;
using Xunit;

namespace RasMfa.Engine.Tests.Tokens
{
    public class OtpVerifierTests
    {
        private static readonly DateTime Now = new DateTime(2026, 11, 28, 9, 0, 10, DateTimeKind.Utc);
        private readonly OtpToken _token = new OtpToken("t", OtpTokenType.Totp, OtpSecrets.Generate(OtpAlgorithm.Sha1));

        private OtpMatch? Check(long stepOffset, int drift = 0, MfaSettings? settings = null)
        {
            _token.DriftSteps = drift;
            var code = OtpCalculator.Bytes(OtpCalculator.TotpForStep(_token, OtpCalculator.TimeStep(Now, 30) + stepOffset));
            return OtpVerifier.Find(_token, Now, settings ?? new MfaSettings(), candidate => ConstantTime.AreEqual(candidate, code));
        }

        [Theory]
        [InlineData(-1)]
        [InlineData(0)]
        [InlineData(1)]
        public void One_step_back_and_one_forward_are_accepted_and_give_the_drift(long offset)
        {
            var match = Check(offset);
            Assert.NotNull(match);
            Assert.Equal(offset, match!.DriftSteps);
        }

        [Theory]
        [InlineData(-2)]
        [InlineData(2)]
        [InlineData(-30)]
        public void Codes_outside_the_window_are_not(long offset) => Assert.Null(Check(offset));

        [Fact]
        public void A_remembered_drift_moves_the_window_but_never_past_the_cap()
        {
            Assert.NotNull(Check(4, drift: 3));
            Assert.Null(Check(0, drift: 3));
            Assert.Null(Check(12, drift: 11, settings: new MfaSettings { TotpMaxDriftSteps = 10 }));
        }

        [Fact]
        public void Hotp_looks_ahead_from_the_next_counter_only()
        {
            var hotp = new OtpToken("h", OtpTokenType.Hotp, OtpSecrets.Generate(OtpAlgorithm.Sha1)) { Counter = 100 };
            OtpMatch? Try(long counter)
            {
                var code = OtpCalculator.Bytes(OtpCalculator.Hotp(hotp, counter));
                return OtpVerifier.Find(hotp, Now, new MfaSettings { HotpLookAhead = 10 }, c => ConstantTime.AreEqual(c, code));
            }
            Assert.Equal(100, Try(100)!.Position);
            Assert.Equal(109, Try(109)!.Position);
            Assert.Null(Try(110));
            Assert.Null(Try(99));
        }

        [Fact]
        public void Secrets_are_160_bits_or_more_and_read_back_from_base32_or_hex()
        {
            Assert.Equal(20, OtpSecrets.Generate(OtpAlgorithm.Sha1).Length);
            Assert.Equal(64, OtpSecrets.Generate(OtpAlgorithm.Sha512).Length);
            Assert.NotEqual(OtpSecrets.Generate(OtpAlgorithm.Sha1), OtpSecrets.Generate(OtpAlgorithm.Sha1));
            var secret = Enumerable.Range(1, 20).Select(i => (byte)(i * 7)).ToArray();
            Assert.Equal(secret, OtpSecrets.Parse(OtpSecrets.ToBase32(secret)));
            Assert.Equal(secret, OtpSecrets.Parse(BitConverter.ToString(secret).Replace("-", "")));
            Assert.Equal(new byte[] { 0x3a, 0xbc }, OtpSecrets.Parse("0x3abc"));
            Assert.Null(OtpSecrets.Parse("not a secret!"));
        }

        [Fact]
        public void The_otpauth_uri_is_what_authenticator_apps_read()
        {
            var uri = Enrollment.OtpAuthUri("RasMfa", "alice@corp.example", new byte[] { 1, 2, 3, 4, 5 }, OtpAlgorithm.Sha1, 6, 30);
            Assert.Equal("otpauth://totp/RasMfa:alice%40corp.example?secret=AEBAGBAF&issuer=RasMfa&algorithm=SHA1&digits=6&period=30", uri);
        }
    }
}
