using System;
using System.Linq;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Tests.Mfa;
using Xunit;

namespace RasMfa.Engine.Tests.AuditLog
{
    /// <summary>Untrusted names reach logs and the audit view escaped (issue 11, item 13).</summary>
    public sealed class DisplayTextTests
    {
        [Theory]
        [InlineData("\u001b[2J", "\\x1b[2J")]
        [InlineData("a\rb\nc\td", "a\\x0db\\x0ac\\x09d")]
        [InlineData("nul\0", "nul\\x00")]
        [InlineData("del\u007f", "del\\x7f")]
        [InlineData("c1\u0085\u009b", "c1\\x85\\x9b")]
        [InlineData("admin\u202Efdp.exe", "admin\\u202efdp.exe")]
        [InlineData("\u202A\u202B\u202C\u202D", "\\u202a\\u202b\\u202c\\u202d")]
        [InlineData("\u2066\u2067\u2068\u2069", "\\u2066\\u2067\\u2068\\u2069")]
        [InlineData("al\u200Bi\u200Cc\u200De\uFEFF", "al\\u200bi\\u200cc\\u200de\\ufeff")]
        [InlineData("line\u2028para\u2029", "line\\u2028para\\u2029")]
        public void Control_and_format_characters_become_visible_escapes(string raw, string shown) =>
            Assert.Equal(shown, DisplayText.Escape(raw));

        [Fact]
        public void Lone_surrogates_are_escaped_and_pairs_kept_unless_they_are_format_characters()
        {
            Assert.Equal("a\\ud800b", DisplayText.Escape("a\uD800b"));
            Assert.Equal("a\\udc00", DisplayText.Escape("a\uDC00"));
            Assert.Equal("emoji \U0001F600", DisplayText.Escape("emoji \U0001F600"));
            Assert.Equal("tag\\U000e0001", DisplayText.Escape("tag\U000E0001"));
        }

        [Fact]
        public void A_backslash_is_escaped_so_that_an_escape_cannot_be_forged()
        {
            Assert.Equal("CORP\\\\bob", DisplayText.Escape("CORP\\bob"));
            // A name that spells an escape out is told apart from one that holds the character.
            Assert.Equal("\\\\x1b", DisplayText.Escape("\\x1b"));
            Assert.NotEqual(DisplayText.Escape("\\x1b"), DisplayText.Escape("\u001b"));
        }

        [Theory]
        [InlineData("alice")]
        [InlineData("ŁUKASZ")]
        [InlineData("Łukasz Żółć")]
        [InlineData("Алёна")]
        [InlineData("山田太郎")]
        [InlineData("محمد")]
        [InlineData("דוד")]
        [InlineData("राम")]
        [InlineData("Ελένη")]
        [InlineData("user@example.com")]
        public void Letters_of_every_script_are_untouched(string name) =>
            Assert.Same(name, DisplayText.Escape(name));

        [Fact]
        public void Long_text_is_cut_with_a_marker_and_never_splits_a_pair()
        {
            var shown = DisplayText.Escape(new string('a', 1000));
            Assert.Equal(new string('a', DisplayText.MaxCharacters) + "...[747 more characters]", shown);
            Assert.Equal(new string('a', 253), DisplayText.Escape(new string('a', 253)));

            var pairAtCut = new string('a', 252) + "\U0001F600";
            Assert.Equal(new string('a', 252) + "...[2 more characters]", DisplayText.Escape(pairAtCut));
            Assert.Equal(DisplayText.MaxCharacters * 4 + "...[7 more characters]".Length, DisplayText.Escape(new string('\u001b', 260)).Length);
        }

        [Theory]
        [InlineData("\u001b[2J\u202Eadmin")]
        [InlineData("CORP\\bob\0")]
        [InlineData("tag\U000E0001 \uD800 \U0001F600")]
        [InlineData("plain")]
        public void Unescape_reverses_escape(string raw) =>
            Assert.Equal(raw, DisplayText.Unescape(DisplayText.Escape(raw)));

        [Theory]
        [InlineData("CORP\\bob")]
        [InlineData("trailing\\")]
        [InlineData("short\\x1")]
        [InlineData("bad\\xzz")]
        public void Unescape_refuses_what_escape_never_writes(string shown) =>
            Assert.Null(DisplayText.Unescape(shown));

        [Fact]
        public void A_login_with_terminal_escapes_and_a_bidi_override_shows_them_escaped_in_the_log_and_the_audit_view()
        {
            const string raw = "evil\u001b[2J\u202Eadmin";
            const string shown = "evil\\x1b[2J\\u202eadmin";
            var memory = new MemoryLog();
            using var f = new MfaFixture(logger: memory.CreateLogger("RasMfa.Radius"));

            Assert.Equal(RadiusCode.AccessReject, f.Pap(raw, "123456").Code);

            var line = Assert.Single(memory.Since(0)).Message;
            Assert.Contains(shown, line);
            Assert.DoesNotContain('\u001b', line);
            Assert.DoesNotContain('\u202E', line);

            var service = new AuditLogService(f.Store.AuditLog);
            var record = Assert.Single(service.Query(new AuthenticationLogQuery()));
            Assert.Equal(shown, record.UserName);
            Assert.DoesNotContain(record.Reason, c => c < 0x20 || c == '\u202E');

            // The store keeps the name as received; -UserName finds it by that name or as the view shows it.
            Assert.Equal(raw, f.Store.AuditLog.Query(new AuthenticationLogQuery())[0].UserName);
            Assert.Single(service.Query(new AuthenticationLogQuery { UserName = raw }));
            Assert.Single(service.Query(new AuthenticationLogQuery { UserName = shown }));
            Assert.Single(service.Query(new AuthenticationLogQuery { UserName = "evil\\x1b*" }));
            Assert.Empty(service.Query(new AuthenticationLogQuery { UserName = "evil" }));
        }

        [Fact]
        public void An_enrolled_user_with_a_backslash_is_found_by_the_name_as_received_and_as_shown()
        {
            var memory = new MemoryLog();
            using var f = new MfaFixture(logger: memory.CreateLogger("RasMfa.Radius"));
            var token = f.Enrol("CORP\\bob");
            var challenge = f.Pap("CORP\\bob", "");
            Assert.Equal(RadiusCode.AccessChallenge, challenge.Code);
            Assert.Equal(RadiusCode.AccessAccept, f.Pap("CORP\\bob", f.CodeAt(token), challenge.State).Code);

            Assert.All(memory.Since(0), e => Assert.Contains("CORP\\\\bob", e.Message));
            var service = new AuditLogService(f.Store.AuditLog);
            Assert.Equal(2, service.Query(new AuthenticationLogQuery { UserName = "CORP\\bob" }).Count);
            Assert.Equal(2, service.Query(new AuthenticationLogQuery { UserName = "CORP\\\\bob" }).Count);
            Assert.All(service.Query(new AuthenticationLogQuery()), r => Assert.Equal("CORP\\\\bob", r.UserName));
        }
    }
}
