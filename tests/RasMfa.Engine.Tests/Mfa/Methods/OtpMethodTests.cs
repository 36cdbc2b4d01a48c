using System;
using System.Text;
using System.Threading;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa.Methods
{
    public sealed class OtpMethodTests
    {
        private static readonly DateTime Now = new DateTime(2026, 11, 28, 8, 0, 5, DateTimeKind.Utc);
        private static readonly MethodRequest Request = new MethodRequest(new MfaUser("alice"), "ras", new MfaSettings(), Now);

        [Fact]
        public void Totp_matches_the_current_step_and_says_which_step_to_use_up()
        {
            var token = new OtpToken("T1", OtpTokenType.Totp, OtpSecrets.Generate(OtpAlgorithm.Sha1)) { Id = 7 };
            long step = OtpCalculator.TimeStep(Now, 30);
            var method = new TotpMethod(token);
            var match = method.VerifyAsync(Clear(OtpCalculator.TotpForStep(token, step)), Request, CancellationToken.None).Result;
            Assert.Equal(7, match!.Use!.TokenId);
            Assert.Equal(step, match.Use.Position);
            Assert.Null(method.VerifyAsync(Clear(OtpCalculator.TotpForStep(token, step + 3)), Request, CancellationToken.None).Result);
            Assert.Null(method.BeginAsync(Request, CancellationToken.None).Result);
        }

        [Fact]
        public void Hotp_matches_within_the_look_ahead_and_moves_the_counter_past_the_match()
        {
            var token = new OtpToken("H1", OtpTokenType.Hotp, OtpSecrets.Generate(OtpAlgorithm.Sha1)) { Id = 8, Counter = 5, Digits = 8 };
            var method = new HotpMethod(token);
            Assert.Equal(8, method.CodeLength);
            var match = method.VerifyAsync(Clear(OtpCalculator.Hotp(token, 9)), Request, CancellationToken.None).Result;
            Assert.Equal(10, match!.Use!.Position);
            Assert.Equal(5, match.Use.ExpectedCounter);
            Assert.Null(method.VerifyAsync(Clear(OtpCalculator.Hotp(token, 4)), Request, CancellationToken.None).Result);
        }

        private static CodeResponse Clear(string code) => CodeResponse.FromClear(Encoding.ASCII.GetBytes(code));
    }
}
