using System;
using System.Text;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;

namespace RasMfa.Engine.Mfa
{
    /// <summary>
    /// What the user typed, as the request carries it: PAP in clear (after unhiding), or CHAP as a hash that a
    /// candidate code can be checked against. Either way the code itself never leaves this object.
    /// </summary>
    public sealed class CodeResponse
    {
        private static readonly byte[] Nothing = new byte[0];
        private readonly byte[]? _clear;
        private readonly byte[]? _typed;
        private readonly byte[]? _chapValue;
        private readonly byte[]? _chapChallenge;

        private CodeResponse(byte[]? clear, byte[]? chapValue, byte[]? chapChallenge, byte[]? typed = null, string? flaw = null)
        {
            _clear = clear;
            _typed = typed ?? clear;
            _chapValue = chapValue;
            _chapChallenge = chapChallenge;
            Flaw = flaw;
        }

        /// <summary>
        /// Null when the PAP password (or code, or password+code) is text that may be checked; otherwise what is wrong with
        /// it (see <see cref="ReceivedText.PasswordFlaw"/>), or that the User-Password did not unhide. CHAP carries no text.
        /// </summary>
        public string? Flaw { get; }

        public string Encoding => _chapValue != null ? "CHAP" : "PAP";

        /// <summary>"Forward username only": an empty PAP password, a CHAP hash of the empty string, or none at all.</summary>
        public bool IsEmpty => _chapValue != null ? ChapPassword.Verify(_chapValue, Nothing, _chapChallenge!) : _clear!.Length == 0;

        public static CodeResponse From(AccessRequestContext context)
        {
            var chap = context.Request.Find(RadiusAttributeType.ChapPassword);
            if (chap != null) return new CodeResponse(null, chap.Value, ChapPassword.ChallengeOf(context.Request));
            var decoded = context.DecodePapPassword();
            var typed = decoded ?? Nothing;
            string? flaw = decoded == null
                ? (context.Request.Find(RadiusAttributeType.UserPassword) != null ? "the User-Password is not a whole number of 16-octet blocks" : null)
                : ReceivedText.PasswordFlaw(decoded);
            return new CodeResponse(flaw == null ? WithoutSpaces(typed) : Nothing, null, null, flaw == null ? typed : Nothing, flaw);
        }

        /// <summary>The PAP password exactly as typed (a domain password keeps its spaces); null for CHAP, which carries none.</summary>
        public byte[]? Typed => _chapValue != null ? null : _typed;

        public bool IsChap => _chapValue != null;

        /// <summary>A code split off an "password+code" field.</summary>
        public static CodeResponse FromClear(byte[] code) => new CodeResponse(code, null, null);

        /// <summary>
        /// Whether the PAP text, trimmed, is <paramref name="word"/> without regard to case (an automation keyword); CHAP
        /// carries no text, so its hash is checked against the word as written, and in lower and upper case.
        /// </summary>
        public bool IsWord(string word)
        {
            if (_chapValue != null)
            {
                foreach (var form in new[] { word, word.ToLowerInvariant(), word.ToUpperInvariant() })
                    if (ChapPassword.Verify(_chapValue, System.Text.Encoding.UTF8.GetBytes(form), _chapChallenge!)) return true;
                return false;
            }
            if (_typed == null || _typed.Length == 0 || _typed.Length > 256) return false;
            return string.Equals(System.Text.Encoding.UTF8.GetString(_typed).Trim(), word.Trim(), StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>
        /// Whether the keyed hash of the PAP code equals <paramref name="expected"/>, compared in constant time: a code sent
        /// out of band is stored only as its hash. False for CHAP, whose hash cannot be checked against a stored hash.
        /// </summary>
        public bool HashMatches(Func<byte[], byte[]> keyedHash, byte[] expected) =>
            _chapValue == null && _clear!.Length > 0 && ConstantTime.AreEqual(keyedHash(_clear), expected);

        public bool Matches(ReadOnlySpan<byte> candidate) =>
            _chapValue != null ? ChapPassword.Verify(_chapValue, candidate, _chapChallenge!) : ConstantTime.AreEqual(_clear!, candidate);

        /// <summary>
        /// PAP: whether <paramref name="keyedHash"/> of the typed code equals <paramref name="expected"/>, compared in constant
        /// time. CHAP: false, always: it carries only a hash of the code, which a code kept as a keyed hash cannot be checked against.
        /// </summary>
        public bool MatchesHashed(Func<byte[], byte[]> keyedHash, byte[] expected) =>
            _chapValue == null && _clear!.Length > 0 && ConstantTime.AreEqual(keyedHash(_clear), expected);

        // Apps show codes as "123 456", and bypass codes are read out in groups; users type them so.
        private static byte[] WithoutSpaces(byte[] typed)
        {
            var text = System.Text.Encoding.UTF8.GetString(typed);
            // Only a code is tidied; a password is kept exactly as typed.
            if (text.Trim().Replace(" ", "").Length > BypassCodes.BypassCodeSecret.Digits || !IsDigitsAndSpaces(text)) return typed;
            text = text.Trim();
            return text.IndexOf(' ') < 0 ? System.Text.Encoding.UTF8.GetBytes(text) : System.Text.Encoding.UTF8.GetBytes(text.Replace(" ", ""));
        }

        private static bool IsDigitsAndSpaces(string text)
        {
            foreach (var c in text) if (!char.IsDigit(c) && c != ' ') return false;
            return true;
        }
    }
}
