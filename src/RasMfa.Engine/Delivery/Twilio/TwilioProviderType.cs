using System.Collections.Generic;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace RasMfa.Engine.Delivery.Twilio
{
    /// <summary>SMS (Messages) and voice calls (Calls, the code read out by TwiML) through the Twilio SDK.</summary>
    public sealed class TwilioProviderType : IDeliveryProviderType
    {
        public const string TypeName = "Twilio";
        public const int MaxTimeoutSeconds = 120;

        private static readonly Regex AccountSid = new Regex("^AC[0-9a-fA-F]{32}$", RegexOptions.CultureInvariant);
        private static readonly Regex ApiKeySid = new Regex("^SK[0-9a-fA-F]{32}$", RegexOptions.CultureInvariant);
        private static readonly Regex MessagingServiceSid = new Regex("^MG[0-9a-fA-F]{32}$", RegexOptions.CultureInvariant);
        private static readonly Regex PhoneNumber = new Regex(@"^\+[1-9][0-9]{1,14}$", RegexOptions.CultureInvariant);
        // Twilio's alphanumeric sender IDs: up to 11 letters, digits and spaces, at least one letter.
        private static readonly Regex SenderId = new Regex("^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$", RegexOptions.CultureInvariant);
        private static readonly Regex Language = new Regex("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", RegexOptions.CultureInvariant);

        public string Name => TypeName;

        public IReadOnlyList<DeliveryKind> Kinds { get; } = new[] { DeliveryKind.Sms, DeliveryKind.Voice };

        public string? Invalidity(DeliveryProviderDefinition provider)
        {
            TwilioSettings settings;
            try
            {
                settings = TwilioSettings.FromJson(provider.Settings);
            }
            catch (JsonException e)
            {
                return $"its settings are not Twilio's: {e.Message}";
            }
            if (!AccountSid.IsMatch(settings.AccountSid ?? "")) return $"the account SID must be AC and 32 hex digits (it is '{settings.AccountSid}')";
            if (settings.ApiKeySid != null && !ApiKeySid.IsMatch(settings.ApiKeySid)) return $"the API key SID must be SK and 32 hex digits (it is '{settings.ApiKeySid}')";
            if (provider.Secret == null || provider.Secret.Length == 0)
                return settings.ApiKeySid == null ? "no auth token is given" : "no API key secret is given";
            if (settings.Language != null && !Language.IsMatch(settings.Language)) return $"'{settings.Language}' is not a language tag such as en-US";
            if (settings.TimeoutSeconds < 1 || settings.TimeoutSeconds > MaxTimeoutSeconds)
                return $"the timeout must be 1 to {MaxTimeoutSeconds} seconds (it is {settings.TimeoutSeconds})";
            return provider.Kind == DeliveryKind.Voice ? VoiceSenderInvalidity(settings) : SmsSenderInvalidity(settings);
        }

        /// <summary>None: the SDK reaches Twilio's API over https only.</summary>
        public IReadOnlyList<string> Warnings(DeliveryProviderDefinition provider) => new string[0];

        public IDeliveryChannel CreateChannel(DeliveryProviderDefinition provider, DeliveryEnvironment environment) =>
            new TwilioChannel(provider.Kind, TwilioSettings.FromJson(provider.Settings), provider.Secret!, environment);

        private static string? SmsSenderInvalidity(TwilioSettings settings)
        {
            if ((settings.From == null) == (settings.MessagingServiceSid == null)) return "give either a From number or a messaging service SID (one of them)";
            if (settings.MessagingServiceSid != null && !MessagingServiceSid.IsMatch(settings.MessagingServiceSid))
                return $"the messaging service SID must be MG and 32 hex digits (it is '{settings.MessagingServiceSid}')";
            if (settings.From != null && !PhoneNumber.IsMatch(settings.From) && !SenderId.IsMatch(settings.From))
                return $"From must be an E.164 number (+15550100101) or an alphanumeric sender ID (it is '{settings.From}')";
            return null;
        }

        private static string? VoiceSenderInvalidity(TwilioSettings settings)
        {
            if (settings.MessagingServiceSid != null) return "a messaging service cannot place calls: give a From number";
            if (settings.From == null || !PhoneNumber.IsMatch(settings.From)) return $"a call needs a From number in E.164 form (+15550100101); it is '{settings.From}'";
            return null;
        }
    }
}
