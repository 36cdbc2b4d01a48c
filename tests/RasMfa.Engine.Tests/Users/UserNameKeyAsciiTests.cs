using System.Linq;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Users
{
    /// <summary>
    /// A name of ASCII characters takes a short way to its key (its ASCII upper case, no normalisation per login): every
    /// such name must get the key the whole rule gives it, or a login would find another user than the admin's cmdlets do.
    /// </summary>
    public sealed class UserNameKeyAsciiTests
    {
        [Fact]
        public void Every_ASCII_character_alone_and_among_others_gets_the_key_of_the_whole_rule()
        {
            for (char c = '\0'; c <= '\u007F'; c++)
            {
                foreach (var name in new[] { c.ToString(), "a" + c + "Z", c + "corp\\alice" + c })
                    Assert.Equal(UserNameKey.OfAnyText(name), UserNameKey.Of(name));
            }
        }

        [Theory]
        [InlineData("alice")]
        [InlineData("ALICE@CORP.EXAMPLE")]
        [InlineData("Corp\\Alice.Smith-2")]
        [InlineData("")]
        [InlineData("  spaced  ")]
        [InlineData("İstanbul")]   // not ASCII: the whole rule
        [InlineData("bjørn")]
        public void A_name_gets_the_key_of_the_whole_rule(string name) => Assert.Equal(UserNameKey.OfAnyText(name), UserNameKey.Of(name));

        [Fact]
        public void A_name_already_upper_case_is_its_own_key_and_no_name_is_the_empty_key()
        {
            const string name = "CORP\\ALICE";
            Assert.Same(name, UserNameKey.Of(name));
            Assert.Equal("", UserNameKey.Of(null!));
        }

        [Fact]
        public void No_stored_methods_read_as_one_shared_empty_list_that_cannot_be_changed()
        {
            Assert.Empty(MethodKinds.Parse(null));
            Assert.Same(MethodKinds.Parse(null), MethodKinds.Parse(" "));
            Assert.Equal(new[] { MethodKind.Sms, MethodKind.Email }, MethodKinds.Parse("Sms, email,Sms").ToArray());
        }
    }
}
