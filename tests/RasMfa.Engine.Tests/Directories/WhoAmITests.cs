using RasMfa.Engine.Directories;
using Xunit;

namespace RasMfa.Engine.Tests.Directories
{
    /// <summary>Reading the "Who am I?" answer (RFC 4532) that says which account a user's own bind authenticated.</summary>
    public sealed class WhoAmITests
    {
        [Fact]
        public void Active_Directory_and_Samba_answer_with_the_NetBIOS_domain_and_the_sAMAccountName()
        {
            var who = WhoAmI.Parse("u:CORP\\asmith");
            Assert.Equal(BoundIdentityKind.UserId, who.Kind);
            Assert.Equal("CORP", who.Domain);
            Assert.Equal("asmith", who.Account);
        }

        [Fact]
        public void OpenLDAP_answers_with_the_distinguished_name()
        {
            var who = WhoAmI.Parse("dn:uid=alice,ou=people,dc=example,dc=org");
            Assert.Equal(BoundIdentityKind.DistinguishedName, who.Kind);
            Assert.Equal("uid=alice,ou=people,dc=example,dc=org", who.DistinguishedName);
        }

        [Fact]
        public void A_user_id_without_a_domain_is_read_as_the_account_alone()
        {
            var who = WhoAmI.Parse("u:alice");
            Assert.Equal(BoundIdentityKind.UserId, who.Kind);
            Assert.Null(who.Domain);
            Assert.Equal("alice", who.Account);
        }

        [Theory]
        [InlineData(null)]
        [InlineData(new byte[0])]
        [InlineData(new byte[] { (byte)'d', (byte)'n', (byte)':' })]
        public void No_value_or_an_empty_dn_is_anonymous(byte[]? value) => Assert.Equal(BoundIdentityKind.Anonymous, WhoAmI.Parse(value).Kind);

        [Theory]
        [InlineData("CORP\\asmith")]            // no "u:" or "dn:"
        [InlineData("u:CORP\\a\\smith")]        // a sAMAccountName holds no backslash
        [InlineData("u:\\asmith")]              // an empty domain
        [InlineData("u:CORP\\")]                // an empty account
        [InlineData("u:")]
        [InlineData("u:CORP\\asmith\n")]        // a control character
        [InlineData("u: asmith")]               // a space that a lookup might trim
        public void Anything_else_is_unrecognised_and_never_taken_for_an_account(string value) =>
            Assert.Equal(BoundIdentityKind.Unrecognised, WhoAmI.Parse(value).Kind);

        [Fact]
        public void Octets_that_are_not_UTF_8_are_unrecognised() =>
            Assert.Equal(BoundIdentityKind.Unrecognised, WhoAmI.Parse(new byte[] { (byte)'u', (byte)':', 0xC3, 0x28 }).Kind);
    }
}
