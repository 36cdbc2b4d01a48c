using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RasMfa.Engine.Delivery.Twilio
{
    /// <summary>
    /// A Twilio account's settings as stored in <see cref="DeliveryProviderDefinition.Settings"/>. The secret (the auth
    /// token, or the API key's secret when <see cref="ApiKeySid"/> is set) is the definition's sealed one, never here.
    /// </summary>
    public sealed class TwilioSettings
    {
        public const int DefaultTimeoutSeconds = 15;

        private static readonly JsonSerializerOptions Json = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Read by admins in Get- output ("&" and "+" as they are); the settings never go into HTML.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        /// <summary>AC followed by 32 hex digits.</summary>
        public string AccountSid { get; set; } = "";

        /// <summary>SK...: the secret is then this API key's secret rather than the account's auth token.</summary>
        public string? ApiKeySid { get; set; }

        /// <summary>The sending number (E.164), or for SMS an alphanumeric sender ID; a call needs a number.</summary>
        public string? From { get; set; }

        /// <summary>MG...: SMS only, Twilio picks the sender from the service's pool.</summary>
        public string? MessagingServiceSid { get; set; }

        /// <summary>The language a call's &lt;Say&gt; speaks, e.g. "en-US"; null for Twilio's default.</summary>
        public string? Language { get; set; }

        public int TimeoutSeconds { get; set; } = DefaultTimeoutSeconds;

        public string ToJson() => JsonSerializer.Serialize(this, Json);

        /// <summary>The settings <paramref name="json"/> holds; throws <see cref="JsonException"/> when it is not such an object.</summary>
        public static TwilioSettings FromJson(string json) =>
            JsonSerializer.Deserialize<TwilioSettings>(json, Json) ?? throw new JsonException("The settings are null.");
    }
}
