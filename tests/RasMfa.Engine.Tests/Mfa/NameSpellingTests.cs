using System;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Radius;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>
    /// Issue 11 item 2: with RequireUserMatch off, an enrolled user spelt another way (as Active Directory would still take
    /// it: other case, width or accents) must still be asked for a code; a name that could be several users is refused.
    /// </summary>
    public sealed class NameSpellingTests : IDisposable
    {
        private readonly RecordingChecker _checker = new RecordingChecker();
        private readonly MfaFixture _f;

        public NameSpellingTests()
        {
            _f = new MfaFixture(client => client.FirstFactor == FirstFactor.UpstreamRadius ? _checker : null);
            _f.Client.RequireUserMatch = false;
        }

        public void Dispose() => _f.Dispose();

        [Theory]
        [InlineData("łukasz", "ŁUKASZ")]
        [InlineData("łukasz", "Łukasz")]
        [InlineData("łukasz", "CORP\\ŁUKASZ")]
        [InlineData("łukasz", "ŁUKASZ@corp.example")]
        [InlineData("łukasz", "lukasz")]
        [InlineData("björn", "BJÖRN")]
        [InlineData("björn", "bjo\u0308rn")]          // the same letter, decomposed
        [InlineData("björn", "bjorn")]                 // AD ignores accents
        [InlineData("björn", "ｂｊöｒｎ")]             // and width
        [InlineData("björn", "CORP＼björn")]           // a full-width backslash is a separator to AD
        [InlineData("straße", "STRASSE")]
        [InlineData("ǆenan", "DŽENAN")]
        [InlineData("ΣΟΦΊΑ", "σοφία")]
        [InlineData("иван", "ИВАН")]
        [InlineData("たなか", "タナカ")]
        public void An_enrolled_user_spelt_otherwise_is_asked_for_a_code_not_let_through(string enrolled, string requested)
        {
            var token = _f.Enrol(enrolled);
            var challenge = _f.Pap(requested, "");
            Assert.Equal(RadiusCode.AccessChallenge, challenge.Code);
            Assert.Equal("code requested", _f.LastReason());
            Assert.Equal(RadiusCode.AccessChallenge, _f.Pap(requested, _f.CodeAt(token, 5), challenge.State).Code);
            Assert.Equal("wrong code, asked again", _f.LastReason());
            Assert.Equal(RadiusCode.AccessReject, _f.Pap(requested, _f.CodeAt(token, 5)).Code);
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap(requested, _f.CodeAt(token)).Code);
        }

        [Fact]
        public void With_a_first_factor_the_spelt_otherwise_user_still_needs_the_code()
        {
            _f.Client.FirstFactor = FirstFactor.UpstreamRadius;
            var token = _f.Enrol("łukasz");
            var challenge = _f.Pap("ŁUKASZ", "Correct horse 1");
            Assert.Equal(RadiusCode.AccessChallenge, challenge.Code);
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("ŁUKASZ", _f.CodeAt(token), challenge.State).Code);
        }

        [Theory]
        [InlineData("OTHER\\bob")]
        [InlineData("bob")]
        [InlineData("BOB@elsewhere.example")]
        public void A_name_that_could_be_several_users_is_refused_even_after_a_good_password(string requested)
        {
            _f.Client.FirstFactor = FirstFactor.UpstreamRadius;
            _f.Enrol("CORP\\bob");
            _f.Enrol("SALES\\bob");
            Assert.Equal(RadiusCode.AccessReject, _f.Pap(requested, "Correct horse 1").Code);
            Assert.StartsWith("ambiguous user name", _f.LastReason());
        }

        [Fact]
        public void A_name_that_could_be_several_users_gets_a_decoy_code_request_and_then_a_reject()
        {
            var token = _f.Enrol("CORP\\bob");
            _f.Enrol("bob@sales.example");
            var challenge = _f.Pap("OTHER\\bob", "");
            Assert.Equal(RadiusCode.AccessChallenge, challenge.Code);
            // As after any decoy: asked again as a real user with a wrong code would be, whatever code comes.
            Assert.Equal(RadiusCode.AccessChallenge, _f.Pap("OTHER\\bob", _f.CodeAt(token), challenge.State).Code);
            Assert.Contains("ambiguous user name", _f.LastReason());
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("OTHER\\bob", _f.CodeAt(token, 1)).Code);
            Assert.StartsWith("ambiguous user name", _f.LastReason());
        }

        [Fact]
        public void A_qualified_name_still_finds_its_own_user_among_namesakes()
        {
            var corp = _f.Enrol("CORP\\bob");
            _f.Enrol("SALES\\bob");
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("corp\\BOB", _f.CodeAt(corp)).Code);
        }

        [Fact]
        public void The_second_round_of_a_decoy_may_spell_the_name_as_ad_would()
        {
            _f.Client.RequireUserMatch = true;
            var challenge = _f.Pap("nobody", "");
            Assert.Equal(RadiusCode.AccessChallenge, challenge.Code);
            Assert.Equal(RadiusCode.AccessChallenge, _f.Pap("ＮＯＢＯＤＹ", "123456", challenge.State).Code);
            Assert.StartsWith("unknown user (after a decoy challenge)", _f.LastReason());
        }
    }
}
