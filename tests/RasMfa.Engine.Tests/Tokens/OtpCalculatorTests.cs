using System;
using System.Collections.Generic;
using System.Text;
using OtpNet;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Tokens;
using Xunit;

namespace RasMfa.Engine.Tests.Tokens
{
    /// <summary>
    /// Issue 16: codes are computed without Otp.NET objects per candidate. Otp.NET stays the oracle: every code must equal
    /// its, for each algorithm, 6 to 8 digits, 30 and 60 second periods, and steps before 1970 and far beyond any clock.
    /// </summary>
    public class OtpCalculatorTests
    {
        private static readonly DateTime UnixEpoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        public static IEnumerable<object[]> Shapes()
        {
            foreach (var algorithm in new[] { OtpAlgorithm.Sha1, OtpAlgorithm.Sha256, OtpAlgorithm.Sha512 })
                foreach (var digits in new[] { 6, 7, 8 })
                    foreach (var period in new[] { 30, 60 })
                        yield return new object[] { algorithm, digits, period };
        }

        private static OtpHashMode Mode(OtpAlgorithm algorithm) =>
            algorithm == OtpAlgorithm.Sha256 ? OtpHashMode.Sha256 : algorithm == OtpAlgorithm.Sha512 ? OtpHashMode.Sha512 : OtpHashMode.Sha1;

        // Key lengths around the hash's block (64 octets for SHA-1/256, 128 for SHA-512): a longer key is hashed first.
        private static IEnumerable<byte[]> Secrets(Random random)
        {
            foreach (var length in new[] { 10, 20, 32, 63, 64, 65, 128, 129, 200 })
            {
                var secret = new byte[length];
                random.NextBytes(secret);
                yield return secret;
            }
        }

        [Theory]
        [MemberData(nameof(Shapes))]
        public void Totp_codes_equal_OtpNet_s_for_steps_from_before_1970_to_the_far_future(OtpAlgorithm algorithm, int digits, int period)
        {
            var random = new Random(6238 + digits * 10 + period);
            // Steps Otp.NET can reach through a DateTime (year 1 to 9999), now among them.
            long first = (long)Math.Ceiling((DateTime.MinValue - UnixEpoch).TotalSeconds / period);
            long last = (long)Math.Floor((DateTime.MaxValue - UnixEpoch).TotalSeconds / period) - 1;
            long now = OtpCalculator.TimeStep(DateTime.UtcNow, period);
            var steps = new List<long> { first, -1000, -1, 0, 1, now - 1, now, now + 1, last };
            for (int i = 0; i < 20; i++) steps.Add(first + (long)(random.NextDouble() * (last - first)));
            foreach (var secret in Secrets(random))
            {
                var token = new OtpToken("t", OtpTokenType.Totp, secret) { Algorithm = algorithm, Digits = digits, Period = period };
                var oracle = new Totp(secret, period, Mode(algorithm), digits);
                foreach (var step in steps)
                    Assert.Equal(oracle.ComputeTotp(UnixEpoch.AddSeconds(step * (double)period)), OtpCalculator.TotpForStep(token, step));
            }
        }

        [Theory]
        [MemberData(nameof(Shapes))]
        public void Hotp_codes_equal_OtpNet_s_for_any_counter_a_long_holds(OtpAlgorithm algorithm, int digits, int period)
        {
            _ = period;
            var random = new Random(4226 + digits);
            var counters = new List<long> { 0, 1, 255, 256, int.MaxValue, 1L << 32, long.MaxValue, long.MinValue, -1, -256 };
            for (int i = 0; i < 20; i++) counters.Add((long)(random.NextDouble() * (long.MaxValue / 2)) * (random.Next(2) == 0 ? 1 : -1));
            foreach (var secret in Secrets(random))
            {
                var hotp = new OtpToken("h", OtpTokenType.Hotp, secret) { Algorithm = algorithm, Digits = digits };
                var totp = new OtpToken("t", OtpTokenType.Totp, secret) { Algorithm = algorithm, Digits = digits, Period = period };
                var oracle = new Hotp(secret, Mode(algorithm), digits);
                foreach (var counter in counters)
                {
                    Assert.Equal(oracle.ComputeHOTP(counter), OtpCalculator.Hotp(hotp, counter));
                    // TOTP is HOTP over the step (RFC 6238 section 4.2): steps past DateTime's range too.
                    Assert.Equal(oracle.ComputeHOTP(counter), OtpCalculator.TotpForStep(totp, counter));
                }
            }
        }

        [Fact]
        public void Rfc6238_vectors_hold_with_a_60_second_period_at_the_step_they_name()
        {
            // The RFC's 30-second vectors are HOTP over the step; a 60-second token at the same step number gives the same code.
            var secret = Encoding.ASCII.GetBytes("12345678901234567890");
            var token = new OtpToken("rfc", OtpTokenType.Totp, secret) { Digits = 8, Period = 60 };
            Assert.Equal("94287082", OtpCalculator.TotpForStep(token, 59 / 30));
            Assert.Equal("07081804", OtpCalculator.TotpForStep(token, 1111111109L / 30));
            Assert.Equal(1111111109L / 60, OtpCalculator.TimeStep(DateTimeOffset.FromUnixTimeSeconds(1111111109L).UtcDateTime, 60));
        }

        [Fact]
        public void Every_candidate_is_computed_and_offered_even_after_a_match()
        {
            var token = new OtpToken("t", OtpTokenType.Totp, OtpSecrets.Generate(OtpAlgorithm.Sha256)) { Algorithm = OtpAlgorithm.Sha256, Digits = 8 };
            var now = new DateTime(2026, 11, 28, 9, 0, 10, DateTimeKind.Utc);
            var settings = new MfaSettings { TotpStepsBack = 2, TotpStepsForward = 3 };
            long step = OtpCalculator.TimeStep(now, token.Period);
            var offered = new List<string>();
            var typed = OtpCalculator.Bytes(OtpCalculator.TotpForStep(token, step - 2));
            var match = OtpVerifier.FindTotp(token, now, settings, candidate =>
            {
                offered.Add(Encoding.ASCII.GetString(candidate.ToArray()));
                return ConstantTime.AreEqual(candidate, typed);
            });
            Assert.Equal(step - 2, match!.Position);
            var expected = new List<string>();
            for (long s = step - 2; s <= step + 3; s++) expected.Add(OtpCalculator.TotpForStep(token, s));
            Assert.Equal(expected, offered);

            var hotp = new OtpToken("h", OtpTokenType.Hotp, OtpSecrets.Generate(OtpAlgorithm.Sha1)) { Counter = 40 };
            int hotpOffered = 0;
            var first = OtpCalculator.Bytes(OtpCalculator.Hotp(hotp, 40));
            Assert.Equal(40, OtpVerifier.FindHotp(hotp, new MfaSettings { HotpLookAhead = 7 }, c => { hotpOffered++; return ConstantTime.AreEqual(c, first); })!.Position);
            Assert.Equal(7, hotpOffered);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(11)]
        public void A_token_with_digits_no_code_can_have_is_refused(int digits)
        {
            var token = new OtpToken("t", OtpTokenType.Hotp, OtpSecrets.Generate(OtpAlgorithm.Sha1)) { Digits = digits };
            Assert.Throws<ArgumentOutOfRangeException>(() => OtpCalculator.Hotp(token, 0));
        }
    }
}
