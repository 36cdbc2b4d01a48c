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
    /// apart), drops nonspacing marks (and the few other characters sort keys ignore), folds hiragana onto katakana, maps
    /// the letters that Unicode does not decompose but sorting treats as a letter with a mark or as two letters (ł, ø, đ,
    /// ß, æ, ...), and upper-cases without culture, letters outside the BMP too (<see cref="SupplementaryCase"/>). It
    /// walks the name by code point, so that a character outside the BMP is judged as a whole, as AD judges it.
    /// Where Windows' tables differ from this, the key errs coarse: two names that AD keeps apart may share a key, which
    /// makes them one user here (a conflict for the admin, an ambiguity refused at login), never a user missed.
    /// </para>
    /// </summary>
    public static class UserNameKey
    {
        /// <summary>Compares names by their keys, for sets and groupings of names.</summary>
        public static readonly StringComparer Comparer = new KeyComparer();

        /// <summary>The key of <paramref name="userName"/>. Never throws: a lone surrogate (refused in new names) is kept as it stands.</summary>
        public static string Of(string userName)
        {
            userName ??= "";
            // Most names logging in are ASCII, whose key is its ASCII upper case (no mark to drop, nothing to decompose or
            // map): no normalisation and no builder per login; a name already upper case is its own key.
            return IsAscii(userName) ? AsciiUpper(userName) : OfAnyText(userName);
        }

        /// <summary>The key by the whole rule, whatever the text: what <see cref="Of"/> gives for any name.</summary>
        internal static string OfAnyText(string userName)
        {
            var decomposed = Normalized(userName, NormalizationForm.FormKD);
            var builder = new StringBuilder(decomposed.Length);
            // By code point: a surrogate pair is one character, with its own category and case (a mark or letter outside
            // the BMP must not escape the key that its BMP kin get).
            for (int i = 0; i < decomposed.Length; i++)
            {
                char c = decomposed[i];
                if (char.IsHighSurrogate(c) && i + 1 < decomposed.Length && char.IsLowSurrogate(decomposed[i + 1]))
                {
                    var category = CharUnicodeInfo.GetUnicodeCategory(decomposed, i);
                    int codePoint = char.ConvertToUtf32(c, decomposed[i + 1]);
                    i++;
                    if (IsIgnored(category, codePoint)) continue;
                    builder.Append(char.ConvertFromUtf32(SupplementaryCase.Upper(codePoint)));
                    continue;
                }
                if (IsIgnored(CharUnicodeInfo.GetUnicodeCategory(c), c)) continue;
                // Hiragana (U+3041..U+3096, iteration marks U+309D..U+309E) onto katakana, 0x60 further on.
                char folded = (c >= '\u3041' && c <= '\u3096') || c == '\u309D' || c == '\u309E' ? (char)(c + 0x60) : c;
                AppendUpper(builder, char.ToUpperInvariant(char.ToLowerInvariant(folded)));
            }
            return Normalized(builder.ToString(), NormalizationForm.FormC);
        }

        private static bool IsAscii(string text)
        {
            foreach (char c in text)
                if (c > '\u007F') return false;
            return true;
        }

        private static string AsciiUpper(string text)
        {
            foreach (char c in text)
                if (c >= 'a' && c <= 'z') return text.ToUpperInvariant();
            return text;
        }

        // Nonspacing and enclosing marks (NORM_IGNORENONSPACE), and the few other characters that Windows and ICU sort keys
        // give no weight at all: ARABIC TATWEEL and TAIL FRAGMENT, NKO LAJANYALAN (elongations), MONGOLIAN NIRUGU, and the
        // TIBETAN SIGNS YAR TSHES and MAR TSHES (spacing marks). Dropping one that Windows did weigh only makes the key
        // coarser: two names one user, never a user missed.
        private static bool IsIgnored(UnicodeCategory category, int codePoint) =>
            category == UnicodeCategory.NonSpacingMark || category == UnicodeCategory.EnclosingMark
            || codePoint == 0x0640 || codePoint == 0x07FA || codePoint == 0xFE73 || codePoint == 0x180A || codePoint == 0x0F3E || codePoint == 0x0F3F;

        // A lone surrogate (refused in new names, but perhaps stored long ago, or typed by an admin) makes Normalize throw:
        // the text around it is normalised, and it is kept as it stands.
        private static string Normalized(string text, NormalizationForm form)
        {
            try
            {
                return text.Normalize(form);
            }
            catch (ArgumentException)
            {
                var pieces = new StringBuilder(text.Length);
                int start = 0;
                for (int i = 0; i < text.Length; i++)
                {
                    if (!char.IsSurrogate(text[i])) continue;
                    if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        i++;
                        continue;
                    }
                    pieces.Append(PieceNormalized(text.Substring(start, i - start), form)).Append(text[i]);
                    start = i + 1;
                }
                return pieces.Append(PieceNormalized(text.Substring(start), form)).ToString();
            }
        }

        private static string PieceNormalized(string piece, NormalizationForm form)
        {
            try
            {
                return piece.Normalize(form);
            }
            catch (ArgumentException)
            {
                return piece;
            }
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
