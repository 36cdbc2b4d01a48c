using System;
using System.Linq;
using System.Text;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Radius;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>
    /// Issue 11 item 1: a User-Name or password that is not clean text is refused before any user lookup and before any
    /// first factor, whatever the client's settings; what a first factor does get is the exact octets received.
    /// </summary>
    public sealed class MalformedInputTests : IDisposable
    {
        private readonly RecordingChecker _checker = new RecordingChecker();
        private readonly MfaFixture _f;

        public MalformedInputTests()
        {
            _f = new MfaFixture(client => client.FirstFactor == FirstFactor.UpstreamRadius ? _checker : null);
            _f.Client.FirstFactor = FirstFactor.UpstreamRadius;
            _f.Client.RequireUserMatch = false;
        }

        public void Dispose() => _f.Dispose();

        private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

        private static byte[] Join(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

        // A C LDAP library cuts "\0x" at the NUL: an empty password, an anonymous bind, which AD accepts. (Trailing NULs are
        // PAP's padding, stripped before anything sees the password.)
        [Theory]
        [InlineData("\0x")]
        [InlineData("\0Correct horse 1")]
        [InlineData("Correct\0horse 1")]
        [InlineData("Correct horse 1\u0001")]
        [InlineData("Correct\thorse 1")]
        [InlineData("Correct\rhorse 1")]
        [InlineData("Correct horse 1\u001b[2J")]
        [InlineData("Correct horse 1\u007f")]
        [InlineData("Correct horse 1\u0085")]
        [InlineData("Correct horse 1\u009b")]
        public void A_password_with_a_control_character_never_reaches_the_first_factor(string password)
        {
            _f.Enrol("alice");
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", password).Code);
            Assert.StartsWith("malformed password", _f.LastReason());
            Assert.Empty(_checker.Checked);
            Assert.Equal(0, _f.Store.Users.Get("alice")!.FailedAttempts);
        }

        [Theory]
        [InlineData(new byte[] { 0xC3 })]                    // a sequence cut short
        [InlineData(new byte[] { 0xC0, 0xAF })]              // an overlong '/'
        [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]        // a lone surrogate (U+D800) encoded
        [InlineData(new byte[] { 0xED, 0xB0, 0x80 })]        // a lone low surrogate (U+DC00)
        [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]  // past U+10FFFF
        [InlineData(new byte[] { 0xFF })]
        [InlineData(new byte[] { 0x80 })]
        public void A_password_that_is_not_utf8_is_refused_rather_than_sent_as_replacement_characters(byte[] flaw)
        {
            Assert.Equal(RadiusCode.AccessReject, _f.PapOctets(Utf8("stranger"), Join(Utf8("Correct horse 1"), flaw)).Code);
            Assert.Equal("malformed password: not valid UTF-8", _f.LastReason());
            Assert.Empty(_checker.Checked);
        }

        [Fact]
        public void A_password_plus_code_with_a_nul_is_refused_before_the_split()
        {
            var token = _f.Enrol("alice");
            _f.Client.OtpMode = OtpMode.Appended;
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", "\0x" + _f.CodeAt(token)).Code);
            Assert.StartsWith("malformed password", _f.LastReason());
            Assert.Empty(_checker.Checked);
        }

        [Fact]
        public void The_first_factor_gets_the_exact_octets_received()
        {
            _checker.GoodPassword = Utf8("pässwörd ✓ 𝄞 ");
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("stranger", "pässwörd ✓ 𝄞 ").Code);
            var (userName, password) = Assert.Single(_checker.Checked);
            Assert.Equal("stranger", userName);
            Assert.Equal(Utf8("pässwörd ✓ 𝄞 "), password);
        }

        [Fact]
        public void A_user_password_that_does_not_unhide_is_malformed_not_empty()
        {
            _f.Client.FirstFactor = FirstFactor.None;
            _f.Enrol("alice");
            // 17 octets is no whole number of 16-octet blocks: it used to count as "forward username only".
            Assert.Equal(RadiusCode.AccessReject, _f.WithUserPasswordValue("alice", new byte[17]).Code);
            Assert.StartsWith("malformed password", _f.LastReason());
        }

        [Theory]
        [InlineData("123\u0000456")]
        [InlineData("\u0000123456")]
        [InlineData("123456\t")]
        public void A_code_only_client_refuses_a_code_with_a_control_character_even_for_unknown_users(string code)
        {
            _f.Client.FirstFactor = FirstFactor.None;
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("stranger", code).Code);
            Assert.StartsWith("malformed password", _f.LastReason());
        }

        [Fact]
        public void A_lone_nul_is_still_an_empty_password_and_asks_for_the_code()
        {
            // PAP pads with NULs and the server strips trailing ones: nothing typed, "forward username only".
            _f.Client.FirstFactor = FirstFactor.None;
            _f.Enrol("alice");
            Assert.Equal(RadiusCode.AccessChallenge, _f.PapOctets(Utf8("alice"), new byte[] { 0 }).Code);
        }

        // alice\0, alice<U+200B>: names that a directory may take for alice, and that our lookup must never take for nobody.
        [Theory]
        [InlineData("alice\0")]
        [InlineData("\0alice")]
        [InlineData("al\0ice")]
        [InlineData("alice\u0007")]
        [InlineData("alice\u007f")]
        [InlineData("alice\u0085")]
        [InlineData("alice\u200b")]
        [InlineData("\u200balice")]
        [InlineData("alice\u200c")]
        [InlineData("alice\u200d")]
        [InlineData("alice\u200e")]
        [InlineData("alice\u200f")]
        [InlineData("alice\u2060")]
        [InlineData("alice\ufeff")]
        [InlineData("\u202ealice")]
        [InlineData("alice\u2066")]
        [InlineData("alice\u00ad")]
        [InlineData("alice\U000e0041")]
        [InlineData("alice\u3164")]
        [InlineData("alice\u00a0")]
        [InlineData("alice\u3000")]
        [InlineData("alice\u2028")]
        [InlineData("alice\ue000")]
        [InlineData(" alice")]
        [InlineData("alice ")]
        [InlineData("CORP\\alice ")]
        public void A_user_name_with_an_invisible_or_control_character_is_refused_before_the_first_factor(string name)
        {
            _f.Enrol("alice");
            Assert.Equal(RadiusCode.AccessReject, _f.Pap(name, "Correct horse 1").Code);
            Assert.StartsWith("malformed user name", _f.LastReason());
            Assert.Empty(_checker.Checked);
        }

        [Theory]
        [InlineData(new byte[] { 0x61, 0x6C, 0x69, 0x63, 0x65, 0xFF })]
        [InlineData(new byte[] { 0x61, 0x6C, 0x69, 0x63, 0x65, 0xC3 })]
        [InlineData(new byte[] { 0x61, 0x6C, 0x69, 0x63, 0x65, 0xED, 0xA0, 0x80 })]
        [InlineData(new byte[] { 0x61, 0x6C, 0x69, 0x63, 0x65, 0xC0, 0x80 })]  // an overlong NUL
        public void A_user_name_that_is_not_utf8_is_refused(byte[] name)
        {
            _f.Enrol("alice");
            Assert.Equal(RadiusCode.AccessReject, _f.PapOctets(name, Utf8("Correct horse 1")).Code);
            Assert.Equal("malformed user name: not valid UTF-8", _f.LastReason());
            Assert.Empty(_checker.Checked);
        }

        [Theory]
        [InlineData("alice\u200b")]
        [InlineData("alice\0")]
        public void A_malformed_name_gets_no_code_and_no_decoy_at_a_code_only_client(string name)
        {
            _f.Client.FirstFactor = FirstFactor.None;
            var token = _f.Enrol("alice");
            Assert.Equal(RadiusCode.AccessReject, _f.Pap(name, "").Code);
            Assert.Equal(RadiusCode.AccessReject, _f.Pap(name, _f.CodeAt(token)).Code);
            Assert.StartsWith("malformed user name", _f.LastReason());
        }

        [Theory]
        [InlineData("łukasz")]
        [InlineData("O'Brien")]
        [InlineData("jean-luc picard")]
        [InlineData("CORP\\田中")]
        [InlineData("bob@corp.example")]
        public void Names_of_every_script_and_inner_spaces_are_fine(string name)
        {
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap(name, "Correct horse 1").Code);
            Assert.Equal(name, Assert.Single(_checker.Checked).UserName);
        }
    }
}
