using System;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Storage
{
    /// <summary>
    /// The login read's token type and algorithm, read without Enum.Parse: every kind a token can have comes back as it was
    /// stored, and a name this version does not know (another version's, an edit) is refused as before, never taken for another.
    /// </summary>
    public sealed class LoginReadTokenKindsTests : IDisposable
    {
        private readonly TestStore _test = TestStore.Open(StoreKind.Sqlite);

        [Theory]
        [InlineData(OtpTokenType.Totp, OtpAlgorithm.Sha1)]
        [InlineData(OtpTokenType.Totp, OtpAlgorithm.Sha256)]
        [InlineData(OtpTokenType.Hotp, OtpAlgorithm.Sha512)]
        public void A_token_of_each_type_and_algorithm_is_read_at_login_as_it_was_stored(OtpTokenType type, OtpAlgorithm algorithm)
        {
            var user = new MfaUser("alice");
            _test.Store.Users.Add(user);
            _test.Store.Tokens.Add(new OtpToken("T-1", type, OtpSecrets.Generate(algorithm)) { UserId = user.Id, Algorithm = algorithm });
            var token = _test.Store.Logins.Find("alice").Subject!.Token!;
            Assert.Equal(type, token.Type);
            Assert.Equal(algorithm, token.Algorithm);
        }

        [Fact]
        public void An_algorithm_this_version_does_not_know_is_refused_not_read_as_another()
        {
            var user = new MfaUser("alice");
            _test.Store.Users.Add(user);
            _test.Store.Tokens.Add(new OtpToken("T-1", OtpTokenType.Totp, OtpSecrets.Generate(OtpAlgorithm.Sha1)) { UserId = user.Id });
            _test.Execute("UPDATE otp_token SET algorithm = 'sha1'");
            Assert.Throws<ArgumentException>(() => _test.Store.Logins.Find("alice"));
        }

        public void Dispose() => _test.Dispose();
    }
}
