using System;
using System.Text;
using System.Threading;
using RasMfa.Engine.BypassCodes;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa.Methods
{
    public sealed class BypassCodeMethodTests
    {
        private static readonly DateTime Now = new DateTime(2026, 11, 28, 8, 0, 5, DateTimeKind.Utc);
        private static readonly MethodRequest Request = new MethodRequest(new MfaUser("alice"), "ras", new MfaSettings(), Now);

        private static HeldBypassCode Held(long id, string code, int usesLeft = 1, DateTime? expires = null)
        {
            var key = BypassCodeSecret.NewKey();
            return new HeldBypassCode(id, key, BypassCodeSecret.Hash(key, code), usesLeft, expires ?? Now.AddDays(1));
        }

        private static MethodMatch? Verify(BypassCodeMethod method, string typed) =>
            method.VerifyAsync(CodeResponse.FromClear(Encoding.ASCII.GetBytes(typed)), Request, CancellationToken.None).Result;

        [Fact]
        public void The_matching_code_is_the_one_whose_use_is_taken()
        {
            var method = new BypassCodeMethod(new[] { Held(1, "111111111111"), Held(2, "222222222222"), Held(3, "333333333333") });
            Assert.Equal(2, Verify(method, "222222222222")!.Use!.BypassCodeId);
            Assert.Null(Verify(method, "444444444444"));
            Assert.Null(Verify(method, ""));
            Assert.Equal("Bypass", method.Name);
            Assert.Equal(12, method.CodeLength);
            Assert.Null(method.BeginAsync(Request, CancellationToken.None).Result);
        }

        [Fact]
        public void An_expired_or_used_up_code_does_not_match()
        {
            var method = new BypassCodeMethod(new[] { Held(1, "111111111111", expires: Now), Held(2, "222222222222", usesLeft: 0) });
            Assert.Null(Verify(method, "111111111111"));
            Assert.Null(Verify(method, "222222222222"));
        }

        [Fact]
        public void A_prefix_or_a_longer_string_does_not_match()
        {
            var method = new BypassCodeMethod(new[] { Held(1, "123456789012") });
            Assert.Null(Verify(method, "12345678901"));
            Assert.Null(Verify(method, "1234567890123"));
        }

        [Fact]
        public void Codes_are_twelve_uniform_digits()
        {
            var seen = new int[10];
            for (int i = 0; i < 500; i++)
            {
                var code = BypassCodeSecret.NewCode();
                Assert.Matches("^[0-9]{12}$", code);
                foreach (var c in code) seen[c - '0']++;
            }
            // 6000 digits: each of the ten appears (expected 600 each; a missing digit would mean a broken generator).
            Assert.All(seen, count => Assert.InRange(count, 400, 800));
        }

        [Fact]
        public void A_user_holding_only_codes_has_the_bypass_method_as_default_and_after_tokens_otherwise()
        {
            var subject = new LoginSubject(new MfaUser("alice"), new RasMfa.Engine.Tokens.OtpToken[0], new[] { Held(1, "111111111111") });
            Assert.Equal("Bypass", UserMethods.Of(subject).Default!.Name);
            var token = new RasMfa.Engine.Tokens.OtpToken("T1", RasMfa.Engine.Tokens.OtpTokenType.Totp, RasMfa.Engine.Tokens.OtpSecrets.Generate(RasMfa.Engine.Tokens.OtpAlgorithm.Sha1));
            var both = UserMethods.Of(new LoginSubject(new MfaUser("alice"), new[] { token }, new[] { Held(1, "111111111111") }));
            Assert.Equal(new[] { "TOTP", "Bypass" }, System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Select(both.All, m => m.Name)));
        }
    }
}
