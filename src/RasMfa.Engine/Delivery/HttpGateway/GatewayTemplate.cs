using System;
using System.Collections.Generic;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace RasMfa.Engine.Delivery.HttpGateway
{
    /// <summary>
    /// The placeholders of a gateway's URL, headers and body, filled in one pass (a message that holds "{secret}" stays
    /// that text) with each value encoded for where it stands, so a phone number or a message can never leave its field.
    /// </summary>
    public static class GatewayTemplate
    {
        public const string Phone = "phone";
        public const string Message = "message";
        public const string Secret = "secret";

        private static readonly Regex Placeholder = new Regex(@"\{(phone|message|secret)\}", RegexOptions.CultureInvariant);

        public static bool Uses(string? template, string name) => template != null && template.Contains("{" + name + "}");

        public static string Fill(string template, IReadOnlyDictionary<string, string> values, Func<string, string> encode) =>
            Placeholder.Replace(template, m => values.TryGetValue(m.Groups[1].Value, out var value) ? encode(value) : m.Value);

        /// <summary>For a URL's path or query, and a form body's names and values: every reserved character percent-encoded.</summary>
        public static string UrlEncode(string value) => Uri.EscapeDataString(value);

        /// <summary>For a JSON string's inside: quotes, backslashes, control characters (and HTML-sensitive ones) escaped.</summary>
        public static string JsonEscape(string value) => JsonEncodedText.Encode(value, JavaScriptEncoder.Default).ToString();

        public static string Encoder(GatewayContentType type, string value) => type switch
        {
            GatewayContentType.Json => JsonEscape(value),
            GatewayContentType.Form => UrlEncode(value),
            _ => value,
        };

        /// <summary>
        /// Null when every placeholder of a JSON body stands inside a string: filled with a bare word, the template then
        /// parses only if no placeholder stood outside one (where a value could have added members or closed the object).
        /// </summary>
        public static string? JsonBodyInvalidity(string body)
        {
            var probe = Placeholder.Replace(body, "placeholder");
            try
            {
                using (JsonDocument.Parse(probe)) { }
                return null;
            }
            catch (JsonException e)
            {
                return $"the JSON body is not JSON with each placeholder inside a string (\"{{phone}}\"): {e.Message}";
            }
        }
    }
}
