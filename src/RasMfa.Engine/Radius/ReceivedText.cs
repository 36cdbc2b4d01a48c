using System.Globalization;
using System.Text;

namespace RasMfa.Engine.Radius
{
    /// <summary>
    /// Whether octets a RADIUS client sent as text (a User-Name, a PAP password) are text at all. They go on to an LDAP bind
    /// or an upstream server, whose libraries may cut them at a NUL (an empty password is an anonymous bind, which AD
    /// accepts) or read them another way than we do; so only strict UTF-8 without control characters goes on, and it goes
    /// on as the exact octets received, never a lossy decoding. A user name must also be free of what cannot be seen, since
    /// a directory may ignore it where our lookup would not. The flaw is said in words for the audit log (never the text).
    /// </summary>
    public static class ReceivedText
    {
        private static readonly UTF8Encoding Strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        /// <summary>The text, or null when the octets are not UTF-8 (a stray byte, a cut or overlong sequence, an encoded surrogate).</summary>
        public static string? DecodeUtf8(byte[] octets)
        {
            try
            {
                return Strict.GetString(octets);
            }
            catch (DecoderFallbackException)
            {
                return null;
            }
        }

        /// <summary>Null when a password (or code) may be checked; otherwise what is wrong with it.</summary>
        public static string? PasswordFlaw(byte[] octets)
        {
            var text = DecodeUtf8(octets);
            if (text == null) return "not valid UTF-8";
            foreach (var c in text) if (char.IsControl(c)) return "contains a control character";
            return null;
        }

        /// <summary>
        /// Null when a user name may be looked up and passed on; otherwise what is wrong with it: control characters (C0, C1,
        /// DEL), format characters (zero-width, bidi controls, BOM: category Cf), the invisible Hangul fillers, lone surrogates,
        /// unassigned or private-use code points (another runtime might know them and fold them otherwise), line separators,
        /// space characters other than U+0020, and spaces at either end (a directory may trim them where we would not).
        /// </summary>
        public static string? NameFlaw(string name)
        {
            if (name.Length == 0) return "empty";
            if (name[0] == ' ' || name[name.Length - 1] == ' ') return "begins or ends with a space";
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                if (char.IsControl(c)) return "contains a control character";
                if (char.IsSurrogate(c))
                {
                    if (!char.IsHighSurrogate(c) || i + 1 >= name.Length || !char.IsLowSurrogate(name[i + 1])) return "contains a lone surrogate";
                    var flaw = CategoryFlaw(CharUnicodeInfo.GetUnicodeCategory(name, i), char.ConvertToUtf32(c, name[i + 1]));
                    if (flaw != null) return flaw;
                    i++;
                    continue;
                }
                var problem = CategoryFlaw(CharUnicodeInfo.GetUnicodeCategory(c), c);
                if (problem != null) return problem;
            }
            return null;
        }

        /// <summary><see cref="NameFlaw(string)"/> for the octets of a User-Name.</summary>
        public static string? NameFlaw(byte[] octets)
        {
            var text = DecodeUtf8(octets);
            return text == null ? "not valid UTF-8" : NameFlaw(text);
        }

        private static string? CategoryFlaw(UnicodeCategory category, int codePoint)
        {
            switch (category)
            {
                case UnicodeCategory.Format:
                    return "contains an invisible format character";
                case UnicodeCategory.LineSeparator:
                case UnicodeCategory.ParagraphSeparator:
                    return "contains a line separator";
                case UnicodeCategory.SpaceSeparator:
                    return codePoint == ' ' ? null : "contains a space character other than U+0020";
                case UnicodeCategory.OtherNotAssigned:
                    return "contains an unassigned code point";
                case UnicodeCategory.PrivateUse:
                    return "contains a private-use character";
            }
            // Letters by category, but drawn as nothing and ignored by sorting (Unicode's default-ignorable Hangul fillers).
            return codePoint == 0x115F || codePoint == 0x1160 || codePoint == 0x3164 || codePoint == 0xFFA0 ? "contains an invisible filler character" : null;
        }
    }
}
