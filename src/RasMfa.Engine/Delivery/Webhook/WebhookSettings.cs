using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using RasMfa.Engine.Delivery.HttpGateway;

namespace RasMfa.Engine.Delivery.Webhook
{
    /// <summary>
    /// A webhook's settings as stored (JSON, no secret): where to POST (a {secret} in the URL's path or query is filled from
    /// the sealed secret), which headers, the body template with {user} and {link}, and which header carries the provider's
    /// secret (e.g. Authorization with "Bearer ").
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

        public const string FormContentType = "application/x-www-form-urlencoded";
        public const string TextContentType = "text/plain";

        /// <summary>application/json, or a JSON type such as application/problem+json.</summary>
        [JsonIgnore]
        public bool IsJson => ContentType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || ContentType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && ContentType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);

        [JsonIgnore]
        public bool IsForm => ContentType.Equals(FormContentType, StringComparison.OrdinalIgnoreCase);

        [JsonIgnore]
        public bool IsText => ContentType.Equals(TextContentType, StringComparison.OrdinalIgnoreCase);

        private static readonly JsonSerializerOptions Options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true };

        public static WebhookSettings Parse(string json) => JsonSerializer.Deserialize<WebhookSettings>(json, Options) ?? throw new JsonException("The settings are empty.");

        public string ToJson() => JsonSerializer.Serialize(this, Options);

        /// <summary>
        /// The body for one notification, filled in one pass (a user name holding "{link}" stays that text), each value
        /// encoded for where it stands: JSON-escaped in a JSON body, percent-encoded in a form, without control characters in
        /// text (a type the settings check refuses, from a row stored before it, is treated as text).
        /// </summary>
        public string BodyFor(string user, string link)
        {
            Func<string, string> encode = IsJson ? JsonEscape : IsForm ? GatewayTemplate.UrlEncode : WithoutControlCharacters;
            return BodyPlaceholder.Replace(Body, m => encode(m.Groups[1].Value == "user" ? user : link));
        }

        /// <summary>The URL to post to, with {secret} (for a Teams, Slack or ntfy URL that is itself the credential) filled in.</summary>
        public string UrlFor(string? secret) => SecretPlaceholder.Replace(Url, _ => SecretInUrl(secret ?? ""));

        /// <summary>A header value with {secret} filled in.</summary>
        public static string HeaderValueFor(string template, string? secret) => SecretPlaceholder.Replace(template, _ => secret ?? "");

        public static bool UsesSecret(string? template) => template != null && template.Contains(SecretToken);

        public const string SecretToken = "{secret}";

        private static readonly Regex BodyPlaceholder = new Regex(@"\{(user|link)\}", RegexOptions.CultureInvariant);
        private static readonly Regex SecretPlaceholder = new Regex(@"\{secret\}", RegexOptions.CultureInvariant);

        // Percent-encoded like a query value, but '/' kept: a secret may be a path's last segments (Slack's T../B../key).
        private static string SecretInUrl(string secret) => Uri.EscapeDataString(secret).Replace("%2F", "/");

        private static string JsonEscape(string value) => JsonEncodedText.Encode(value, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();

        private static string WithoutControlCharacters(string value)
        {
            var kept = new StringBuilder(value.Length);
            foreach (char c in value)
                if (!char.IsControl(c)) kept.Append(c);
            return kept.ToString();
        }
    }
}
