using System.Collections;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Clients;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>Review R6: a keyword must never be something a user types as a code.</summary>
    public sealed class KeywordAttackTests
    {
        [Theory]
        [InlineData("123 456")]
        [InlineData(" 000 000 ")]
        public void Set_RasMfaClient_refuses_a_keyword_of_digits_and_spaces_which_is_how_users_type_codes(string text)
        {
            // CodeResponse takes "123 456" as the code 123456, and a keyword is matched before any code is tried.
            var error = Assert.Throws<EngineException>(() => ClientKeywords.Parse(new Hashtable { ["sms"] = text }, "client 'ras'"));
            Assert.Equal("InvalidKeyword", error.ErrorId);
        }
    }
}
