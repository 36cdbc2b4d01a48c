using System;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Mfa;
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

        // Marks outside the BMP are dropped from the key as their BMP kin are (U+FE00 is); AD ignores nonspacing marks wherever they are.
        [Theory]
        [InlineData("alice", "alice\U000E0100")]        // VARIATION SELECTOR-17 (Mn); its BMP twin U+FE00 is dropped
        [InlineData("alice", "ali\U0001D167ce")]        // MUSICAL SYMBOL COMBINING TREMOLO-1 (Mn)
        [InlineData("alice", "alice\U00011370")]        // COMBINING GRANTHA DIGIT ZERO (Mn)
        public void A_supplementary_nonspacing_mark_in_the_name_still_asks_for_the_code(string enrolled, string requested)
        {
            _f.Enrol(enrolled);
            AssertAskedForTheCodeOrRefusedAsUnknownToThisRuntime(requested, _f.Pap(requested, ""));
        }

        // Letters outside the BMP have case too, and string.Equals(..., OrdinalIgnoreCase) folds them as AD does.
        [Theory]
        [InlineData("\U0001E900\U0001E923\U0001E924", "\U0001E922\U0001E923\U0001E924")]   // Adlam capital vs small A
        [InlineData("\U00010400\U00010401", "\U00010428\U00010429")]                       // Deseret
        [InlineData("\U000104B0\U000104B1", "\U000104D8\U000104D9")]                       // Osage
        [InlineData("\U00010428\U00010429", "\U00010400\U00010401")]                       // and the other way round
        public void A_supplementary_letter_in_the_other_case_still_asks_for_the_code(string enrolled, string requested)
        {
#if NET
            Assert.Equal(0, string.Compare(enrolled, requested, StringComparison.OrdinalIgnoreCase));
#endif
            _f.Enrol(enrolled);
            AssertAskedForTheCodeOrRefusedAsUnknownToThisRuntime(requested, _f.Pap(requested, ""));
        }

        // Characters that Windows and ICU sort keys ignore (an elongation, a tail, Mongolian nirugu, Tibetan yar/mar tshes):
        // a name AD may take for the user's must find them.
        [Theory]
        [InlineData("\u0633\u0627\u0631\u0629", "\u0633\u0640\u0627\u0631\u0629")]   // ARABIC TATWEEL
        [InlineData("\u0633\u0627\u0631\u0629", "\u0633\u0627\u0631\u0629\uFE73")]   // ARABIC TAIL FRAGMENT
        [InlineData("\u07D3\u07CA\u07DB", "\u07D3\u07FA\u07CA\u07DB")]                 // NKO LAJANYALAN
        [InlineData("\u182E\u1823\u1829", "\u182E\u180A\u1823\u1829")]                 // MONGOLIAN NIRUGU
        [InlineData("\u0F40\u0F0B", "\u0F40\u0F3E\u0F0B")]                               // TIBETAN SIGN YAR TSHES
        [InlineData("\u0F40\u0F0B", "\u0F40\u0F3F\u0F0B")]                               // TIBETAN SIGN MAR TSHES
        public void A_character_sorting_ignores_in_the_name_still_asks_for_the_code(string enrolled, string requested)
        {
            _f.Enrol(enrolled);
            var reply = _f.Pap(requested, "");
            Assert.True(reply.Code == RadiusCode.AccessChallenge, $"'{requested}' got {reply.Code}: {_f.LastReason()}");
            Assert.Equal("code requested", _f.LastReason());
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

        // An unenrolled row 'alice' (an older manual add, or a sync by sAMAccountName) beside the enrolled 'alice@corp.example',
        // whom AD's CORP\alice and alice also name: the name could be either, so it is refused, never let through unenrolled.
        [Theory]
        [InlineData("alice")]
        [InlineData("CORP\\alice")]
        [InlineData("ALICE")]
        public void An_unenrolled_namesake_does_not_hide_an_enrolled_user(string requested)
        {
            _f.Store.Users.Add(new RasMfa.Engine.Users.MfaUser("alice"));
            _f.Enrol("alice@corp.example");
            var reply = _f.Pap(requested, "");
            Assert.True(reply.Code == RadiusCode.AccessChallenge, $"'{requested}' got {reply.Code}: {_f.LastReason()}");
            Assert.StartsWith("ambiguous user name", _f.LastReason());

            _f.Client.FirstFactor = FirstFactor.UpstreamRadius;
            Assert.Equal(RadiusCode.AccessReject, _f.Pap(requested, "Correct horse 1").Code);
            Assert.StartsWith("ambiguous user name", _f.LastReason());
        }

        [Fact]
        public void The_enrolled_user_beside_an_unenrolled_namesake_still_logs_in_by_their_own_name()
        {
            _f.Store.Users.Add(new RasMfa.Engine.Users.MfaUser("alice"));
            var token = _f.Enrol("alice@corp.example");
            var challenge = _f.Pap("ALICE@corp.example", "");
            Assert.Equal(RadiusCode.AccessChallenge, challenge.Code);
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("ALICE@corp.example", _f.CodeAt(token), challenge.State).Code);
        }

        // No enrolled user among them: no one could be let through without their code, and the client lets unenrolled users through.
        [Fact]
        public void Namesakes_none_of_them_enrolled_are_let_through_as_the_client_allows()
        {
            _f.Store.Users.Add(new RasMfa.Engine.Users.MfaUser("alice"));
            _f.Store.Users.Add(new RasMfa.Engine.Users.MfaUser("alice@corp.example"));
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("alice", "").Code);
            Assert.Equal(DecisionReason.NotEnrolledAllowed, _f.LastReason());
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

        // A runtime whose Unicode tables do not know a character (.NET Framework 4.8 knows Unicode 8; Mono, which runs the
        // net472 tests here, knows less) refuses the name as malformed: never let through either, which is what matters.
        private void AssertAskedForTheCodeOrRefusedAsUnknownToThisRuntime(string requested, RasMfa.Engine.Radius.Server.AccessDecision reply)
        {
            bool known = true;
            for (int i = 0; i < requested.Length; i += char.IsSurrogatePair(requested, i) ? 2 : 1)
                known &= System.Globalization.CharUnicodeInfo.GetUnicodeCategory(requested, i) != System.Globalization.UnicodeCategory.OtherNotAssigned;
            if (!known)
            {
                Assert.Equal(RadiusCode.AccessReject, reply.Code);
                Assert.Equal("malformed user name: contains an unassigned code point", _f.LastReason());
                return;
            }
            Assert.True(reply.Code == RadiusCode.AccessChallenge, $"'{requested}' got {reply.Code}: {_f.LastReason()}");
            Assert.Equal("code requested", _f.LastReason());
        }
    }
}
