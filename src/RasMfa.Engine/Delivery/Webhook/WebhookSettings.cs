using System;
using System.Collections.Generic;
using System.Text.Json;

namespace RasMfa.Engine.Delivery.Webhook
{
    /// <summary>
    /// A webhook's settings as stored (JSON, no secret): where to POST, which headers, the body template with {user} and
    /// {link}, and which header carries the provider's secret (e.g. Authorization with "Bearer ").
    /// </summary>
    public sealed class WebhookSettings
    {
        public string Url { get; set; } = "";

        /// <summary>Plain http is refused unless the admin says so (a lab, a relay on the same host).</summary>
        public bool AllowHttp { get; set; }

        public Dictionary<string, string> Headers { get; set; } = new Dictionary<string, string>();

        /// <summary>The header the secret goes in; none when empty.</summary>
        public string SecretHeader { get; set; } = "";

        /// <summary>Put before the secret in its header ("Bearer ").</summary>
        public string SecretPrefix { get; set; } = "";

        public string ContentType { get; set; } = "application/json";

        public string Body { get; set; } = "{\"user\":\"{user}\",\"link\":\"{link}\"}";

        public bool IsJson => ContentType.IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0;

        private static readonly JsonSerializerOptions Options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true };

        public static WebhookSettings Parse(string json) => JsonSerializer.Deserialize<WebhookSettings>(json, Options) ?? throw new JsonException("The settings are empty.");

        public string ToJson() => JsonSerializer.Serialize(this, Options);

        /// <summary>The body for one notification: each value JSON-escaped in a JSON body, as is in a text one.</summary>
        public string BodyFor(string user, string link)
        {
            string Escape(string value) => IsJson ? JsonEncodedText.Encode(value, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString() : value;
            return Body.Replace("{user}", Escape(user)).Replace("{link}", Escape(link));
        }
    }
}
