using RasMfa.Engine.Tests.Administration;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Storage
{
    /// <summary>
    /// The login read costs the same whoever the name turns out to be: unsealing a token's secret (DPAPI on Windows) is
    /// most of a found token's cost, so a name that finds no token (unknown, or not enrolled) unseals one too.
    /// </summary>
    public sealed class LoginReadWorkTests : System.IDisposable
    {
        private readonly TemporaryStore _t = new TemporaryStore();

        public void Dispose() => _t.Dispose();

        [Fact]
        public void A_name_that_finds_no_token_unseals_as_many_secrets_as_one_that_finds_one()
        {
            var alice = new MfaUser("alice");
            _t.Store.Users.Add(alice);
            _t.Store.Tokens.Add(new OtpToken("T-ALICE", OtpTokenType.Totp, OtpSecrets.Generate(OtpAlgorithm.Sha1)) { UserId = alice.Id });
            _t.Store.Users.Add(new MfaUser("dave"));

            int Unsealed(string name)
            {
                int before = _t.Protector.Unprotected;
                _t.Store.Logins.Find(name);
                return _t.Protector.Unprotected - before;
            }

            Assert.Equal(1, Unsealed("alice"));
            Assert.Equal(1, Unsealed("nobody"));
            Assert.Equal(1, Unsealed("dave"));
        }
    }
}
