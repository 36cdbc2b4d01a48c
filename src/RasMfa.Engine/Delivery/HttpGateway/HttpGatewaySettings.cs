using System;
using System.Collections.Generic;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RasMfa.Engine.Delivery.HttpGateway
{
    /// <summary>How the body template's text is encoded, and the Content-Type it is sent with.</summary>
    public enum GatewayContentType
    {
        /// <summary>application/x-www-form-urlencoded: placeholders are URL-encoded.</summary>
        Form,

        /// <summary>application/json: placeholders stand inside JSON strings and are JSON-escaped.</summary>
        Json,

        /// <summary>text/plain: placeholders are put in as they are.</summary>
        Text,
    }

    /// <summary>
    /// An HTTP SMS (or calling) gateway's settings as stored in <see cref="DeliveryProviderDefinition.Settings"/>. Never the
    /// secret itself: where it goes is written as <c>{secret}</c> (a header, the URL, the body) or as basic auth's password.
    /// </summary>
    public sealed class HttpGatewaySettings
    {
        public const int DefaultTimeoutSeconds = 15;

        private static readonly JsonSerializerOptions Json = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Read by admins in Get- output ("&" and "+" as they are); the settings never go into HTML.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Converters = { new JsonStringEnumConverter() },
        };

        /// <summary>The gateway's address; <c>{phone}</c>, <c>{message}</c> and <c>{secret}</c> may stand in its path or query (URL-encoded there).</summary>
        public string Url { get; set; } = "";

        /// <summary>GET or POST.</summary>
        public string Method { get; set; } = "POST";

        /// <summary>Extra request headers; a value may hold <c>{secret}</c> ("Authorization: Bearer {secret}"), never the phone or the message.</summary>
        public Dictionary<string, string> Headers { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>When set, basic auth with this user name and the secret as its password.</summary>
        public string? BasicAuthUser { get; set; }

        /// <summary>The POST body's template, e.g. <c>{"to":"{phone}","text":"{message}"}</c>; null for none.</summary>
        public string? Body { get; set; }

        public GatewayContentType ContentType { get; set; } = GatewayContentType.Form;

        /// <summary>A regular expression the answer's body must match for the message to count as sent (beside a 2xx status); null for none.</summary>
        public string? SuccessPattern { get; set; }

        /// <summary>A regular expression the answer's body must not match (gateways that answer 200 with "ERROR ..."); null for none.</summary>
        public string? FailurePattern { get; set; }

        public int TimeoutSeconds { get; set; } = DefaultTimeoutSeconds;

        /// <summary>Plain http, for a gateway on loopback or an internal network only: off by default, warned about when on.</summary>
        public bool AllowHttp { get; set; }

        public string ToJson() => JsonSerializer.Serialize(this, Json);

        /// <summary>The settings <paramref name="json"/> holds; throws <see cref="JsonException"/> when it is not such an object.</summary>
        public static HttpGatewaySettings FromJson(string json)
        {
            var settings = JsonSerializer.Deserialize<HttpGatewaySettings>(json, Json) ?? throw new JsonException("The settings are null.");
            // Header names are case-insensitive on the wire; the deserializer made an ordinal dictionary.
            settings.Headers = new Dictionary<string, string>(settings.Headers ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
            return settings;
        }
    }
}
