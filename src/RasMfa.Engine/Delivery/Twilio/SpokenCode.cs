using System.Text;
using Twilio.TwiML;
using Twilio.TwiML.Voice;

namespace RasMfa.Engine.Delivery.Twilio
{
    /// <summary>
    /// What a call says: the message's text with each run of digits read one digit at a time ("4, 8, 1, 5, 1, 6" rather
    /// than "four hundred eighty-one thousand ..."), twice with a pause between, as TwiML the SDK writes (and XML-escapes).
    /// </summary>
    public static class SpokenCode
    {
        public static string Twiml(string text, string? language)
        {
            var spoken = DigitByDigit(text);
            var response = new VoiceResponse();
            var lang = language == null ? null : (Say.LanguageEnum)language;
            response.Say(spoken, language: lang);
            response.Pause(length: 1);
            response.Say(spoken, language: lang);
            return response.ToString(SaveOptions());
        }

        /// <summary>Each digit its own word, separated by a comma so the voice pauses between them.</summary>
        public static string DigitByDigit(string text)
        {
            var spoken = new StringBuilder(text.Length * 3);
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                spoken.Append(c);
                if (c >= '0' && c <= '9' && i + 1 < text.Length && text[i + 1] >= '0' && text[i + 1] <= '9') spoken.Append(", ");
            }
            return spoken.ToString();
        }

        private static System.Xml.Linq.SaveOptions SaveOptions() => System.Xml.Linq.SaveOptions.DisableFormatting;
    }
}
