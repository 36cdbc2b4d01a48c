using System;
using System.Globalization;
using System.Text;

namespace RasMfa.Engine.Users
{
    /// <summary>
    /// The form in which two user names are one person, as Active Directory sees it. The store keeps it beside each name
    /// (mfa_user.name_key, bare_key), and logins and admins look users up by it.
    /// <para>
    /// AD compares sAMAccountName and userPrincipalName by Windows sort keys with NORM_IGNORECASE, NORM_IGNOREKANATYPE,
    /// NORM_IGNORENONSPACE and NORM_IGNOREWIDTH ([MS-ADTS] 6.5.1; Samba bug 14847 shows 'björn' and 'bjorn', or a
    /// full-width '＠', naming one account). So NFC and case are not enough: a name AD takes for an enrolled user must
    /// find that user here, or with RequireUserMatch off it would pass as unknown, without MFA. The key therefore takes
    /// the compatibility decomposition (NFKD: full-width and ligature forms become their plain letters, accents come
    /// apart), drops nonspacing marks, folds hiragana onto katakana, maps the letters that Unicode does not decompose but
    /// sorting treats as a letter with a mark or as two letters (ł, ø, đ, ß, æ, ...), and upper-cases without culture.
    /// Where Windows' tables differ from this, the key errs coarse: two names that AD keeps apart may share a key, which
    /// makes them one user here (a conflict for the admin, an ambiguity refused at login), never a user missed.
    /// </para>
    /// </summary>
    public static class UserNameKey
    {
        /// <summary>Compares names by their keys, for sets and groupings of names.</summary>
        public static readonly StringComparer Comparer = new KeyComparer();

        public static string Of(string userName)
        {
            string decomposed;
            try
            {
                decomposed = userName.Normalize(NormalizationForm.FormKD);
            }
            catch (ArgumentException)
            {
                // A lone surrogate (refused for new names, but perhaps stored long ago): keep what can be kept.
                decomposed = userName;
            }
            var builder = new StringBuilder(decomposed.Length);
            foreach (char c in decomposed)
            {
                var category = CharUnicodeInfo.GetUnicodeCategory(c);
                if (category == UnicodeCategory.NonSpacingMark || category == UnicodeCategory.EnclosingMark) continue;
                // Hiragana (U+3041..U+3096, iteration marks U+309D..U+309E) onto katakana, 0x60 further on.
                char folded = (c >= '\u3041' && c <= '\u3096') || c == '\u309D' || c == '\u309E' ? (char)(c + 0x60) : c;
                AppendUpper(builder, char.ToUpperInvariant(char.ToLowerInvariant(folded)));
            }
            return builder.ToString().Normalize(NormalizationForm.FormC);
        }

        /// <summary>Whether two names are one person.</summary>
        public static bool Same(string? a, string? b) => a != null && b != null && string.Equals(Of(a), Of(b), StringComparison.Ordinal);

        private static void AppendUpper(StringBuilder builder, char upper)
        {
            switch (upper)
            {
                case 'Ł': builder.Append('L'); break;
                case 'Ø': builder.Append('O'); break;
                case 'Đ': builder.Append('D'); break;
                case 'Ħ': builder.Append('H'); break;
                case 'Ŧ': builder.Append('T'); break;
                case 'Ɨ': builder.Append('I'); break;
                case 'Ƶ': builder.Append('Z'); break;
                case 'ß': case 'ẞ': builder.Append("SS"); break;
                case 'Æ': builder.Append("AE"); break;
                case 'Œ': builder.Append("OE"); break;
                default: builder.Append(upper); break;
            }
        }

        private sealed class KeyComparer : StringComparer
        {
            public override int Compare(string? x, string? y) =>
                x == null || y == null ? (x == null ? (y == null ? 0 : -1) : 1) : string.CompareOrdinal(Of(x), Of(y));

            public override bool Equals(string? x, string? y) => x == null ? y == null : Same(x, y);

            public override int GetHashCode(string obj) => StringComparer.Ordinal.GetHashCode(Of(obj));
        }
    }
}
