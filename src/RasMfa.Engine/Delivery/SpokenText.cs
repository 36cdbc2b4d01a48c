using System.Collections.Generic;
using System.Text;

namespace RasMfa.Engine.Delivery
{
    /// <summary>
    /// What a voice call says, whoever places it (Twilio, an HTTP calling gateway): the message with each run of digits
    /// read one digit at a time ("4, 8, 1, 5, 1, 6" rather than "four hundred eighty-one thousand ..."), said twice so that
    /// a listener who missed a digit hears it again. Every voice channel reads this form, never the message's raw text.
    /// </summary>
    public static class SpokenText
    {
        public const int Repetitions = 2;

        /// <summary>What is said, once per repetition; a channel that can pause between them (TwiML) says each on its own.</summary>
        public static IReadOnlyList<string> Utterances(string text)
        {
            var once = DigitByDigit(text.Trim());
            var said = new string[Repetitions];
            for (var i = 0; i < said.Length; i++) said[i] = once;
            return said;
        }

        /// <summary>The utterances as one text, for a provider that takes only text to read out: each ends a sentence, so the voice pauses between them.</summary>
        public static string AsOneText(string text)
        {
            var once = text.Trim();
            if (once.Length > 0 && ".!?".IndexOf(once[once.Length - 1]) < 0) once += ".";
            return string.Join(" ", Utterances(once));
        }

        /// <summary>Each digit its own word, separated by a comma so the voice pauses between them.</summary>
        public static string DigitByDigit(string text)
        {
            var spoken = new StringBuilder(text.Length * 3);
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                spoken.Append(c);
                if (IsDigit(c) && i + 1 < text.Length && IsDigit(text[i + 1])) spoken.Append(", ");
            }
            return spoken.ToString();
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';
    }
}
