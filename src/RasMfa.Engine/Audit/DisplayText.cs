using System.Globalization;
using System.Text;

namespace RasMfa.Engine.Audit
{
    /// <summary>
    /// Makes an untrusted string (a RADIUS User-Name, a first factor's detail) safe to show on a terminal or in a log line:
    /// C0 and C1 control characters, DEL, Unicode format characters (bidi overrides and isolates, zero-width characters,
    /// the byte-order mark), line and paragraph separators and lone surrogates are written as visible escapes
    /// (<c>\x1b</c>, <c>\u202e</c>, <c>\U000e0001</c>), a backslash as <c>\\</c> so that no escape can be forged, and the
    /// text is cut after <see cref="MaxCharacters"/> characters with a marker. Letters of every script pass unchanged.
    /// <see cref="Unescape"/> reverses it (for an uncut text), so that a name copied from the audit view finds its records.
    /// </summary>
    public static class DisplayText
    {
        /// <summary>A RADIUS attribute holds at most 253 octets: no honest name is longer.</summary>
        public const int MaxCharacters = 253;

        public static string Escape(string? text) => Escape(text, MaxCharacters, escapeBackslash: true);

        /// <summary>
        /// A text another process wrote to be shown (a listener's log line, read through its control channel): its control and
        /// format characters escaped as <see cref="Escape(string?)"/> does, so that it cannot move the cursor, repaint or set the
        /// clipboard, but backslashes left as they are (that process escaped its own names already) and nothing cut.
        /// </summary>
        public static string Neutralize(string? text) => Escape(text, int.MaxValue, escapeBackslash: false);

        private static string Escape(string? text, int maxCharacters, bool escapeBackslash)
        {
            if (string.IsNullOrEmpty(text)) return text ?? "";
            if (IsPlain(text!, maxCharacters, escapeBackslash)) return text!;
            var builder = new StringBuilder(text!.Length + 16);
            int i = 0;
            for (; i < text.Length && i < maxCharacters; i++)
            {
                char c = text[i];
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    if (i + 1 >= maxCharacters) break;  // never split a pair at the cut
                    if (CharUnicodeInfo.GetUnicodeCategory(text, i) == UnicodeCategory.Format)
                        builder.Append("\\U").Append(char.ConvertToUtf32(c, text[i + 1]).ToString("x8", CultureInfo.InvariantCulture));
                    else
                        builder.Append(c).Append(text[i + 1]);
                    i++;
                    continue;
                }
                if (c == '\\' && escapeBackslash) builder.Append("\\\\");
                else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) builder.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                else if (NeedsEscape(c)) builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                else builder.Append(c);
            }
            if (i < text.Length) builder.Append("...[").Append(text.Length - i).Append(" more characters]");
            return builder.ToString();
        }

        /// <summary>The text <see cref="Escape"/> was given, or null when <paramref name="shown"/> is not its output (an unknown escape, a lone backslash).</summary>
        public static string? Unescape(string shown)
        {
            if (shown.IndexOf('\\') < 0) return shown;
            var builder = new StringBuilder(shown.Length);
            for (int i = 0; i < shown.Length; i++)
            {
                char c = shown[i];
                if (c != '\\') { builder.Append(c); continue; }
                if (i + 1 >= shown.Length) return null;
                char kind = shown[++i];
                int digits = kind == 'x' ? 2 : kind == 'u' ? 4 : kind == 'U' ? 8 : kind == '\\' ? 0 : -1;
                if (digits < 0) return null;
                if (digits == 0) { builder.Append('\\'); continue; }
                if (i + digits > shown.Length - 1) return null;
                if (!int.TryParse(shown.Substring(i + 1, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int value)) return null;
                if (kind == 'U') { if (value < 0x10000 || value > 0x10ffff) return null; builder.Append(char.ConvertFromUtf32(value)); }
                else builder.Append((char)value);
                i += digits;
            }
            return builder.ToString();
        }

        private static bool IsPlain(string text, int maxCharacters, bool escapeBackslash)
        {
            if (text.Length > maxCharacters) return false;
            foreach (char c in text)
                if ((c == '\\' && escapeBackslash) || c < 0x20 || (c >= 0x7f && c <= 0x9f) || char.IsSurrogate(c) || NeedsEscape(c)) return false;
            return true;
        }

        /// <summary>Format characters (bidi controls, zero-width characters, BOM), line and paragraph separators, lone surrogates.</summary>
        private static bool NeedsEscape(char c)
        {
            if (char.IsSurrogate(c)) return true;
            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.Format:
                case UnicodeCategory.LineSeparator:
                case UnicodeCategory.ParagraphSeparator:
                    return true;
                default:
                    return false;
            }
        }
    }
}
