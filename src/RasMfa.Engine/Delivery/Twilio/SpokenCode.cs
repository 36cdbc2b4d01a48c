using Twilio.TwiML;
using Twilio.TwiML.Voice;

namespace RasMfa.Engine.Delivery.Twilio
{
    /// <summary>
    /// A call's <see cref="SpokenText"/> as TwiML: each utterance its own &lt;Say&gt; with a pause between, written (and
    /// XML-escaped) by the SDK.
    /// </summary>
    public static class SpokenCode
    {
        public static string Twiml(string text, string? language)
        {
            var response = new VoiceResponse();
            var lang = language == null ? null : (Say.LanguageEnum)language;
            var first = true;
            foreach (var utterance in SpokenText.Utterances(text))
            {
                if (!first) response.Pause(length: 1);
                response.Say(utterance, language: lang);
                first = false;
            }
            return response.ToString(System.Xml.Linq.SaveOptions.DisableFormatting);
        }
    }
}
