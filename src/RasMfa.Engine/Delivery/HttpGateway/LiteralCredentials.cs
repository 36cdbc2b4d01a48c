using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace RasMfa.Engine.Delivery.HttpGateway
{
    /// <summary>
    /// Finds a credential written into a gateway's settings in clear (a header, a query or form field, or a JSON member
    /// named like one, holding a value of its own rather than {secret}): the settings are stored unsealed and shown by
    /// Get- cmdlets, so such a value belongs in the sealed secret.
    /// </summary>
    public static class LiteralCredentials
    {
        private static readonly Regex CredentialName = new Regex(
            @"password|passwd|pwd|api[-_]?key|token|secret|authorization|credential|^(key|pass|auth|sig|signature)$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <summary>Null when no credential-like field holds a literal value; else which one does, for the admin.</summary>
        public static string? Find(HttpGatewaySettings settings) =>
            FindInUrlOrHeaders(settings.Url, settings.Headers) ?? FindInBody(settings.Body, settings.ContentType);

        /// <summary>The same for a URL's query and a set of headers (a gateway's or a webhook's).</summary>
        public static string? FindInUrlOrHeaders(string url, IEnumerable<KeyValuePair<string, string>> headers)
        {
            foreach (var header in headers)
                if (IsLiteralCredential(header.Key, header.Value)) return Refusal($"the {header.Key} header");
            var query = url.IndexOf('?');
            if (query >= 0)
                foreach (var field in Pairs(url.Substring(query + 1)))
                    if (IsLiteralCredential(field.Key, field.Value)) return Refusal($"the URL's {field.Key} parameter");
            return null;
        }

        /// <summary>The same for a form's fields or a JSON body's members (one whose placeholders all stand in strings).</summary>
        public static string? FindInBody(string? body, GatewayContentType type)
        {
            if (string.IsNullOrEmpty(body)) return null;
            if (type == GatewayContentType.Form)
            {
                foreach (var field in Pairs(body!))
                    if (IsLiteralCredential(field.Key, field.Value)) return Refusal($"the body's {field.Key} field");
            }
            else if (type == GatewayContentType.Json && GatewayTemplate.JsonBodyInvalidity(body!) == null)
            {
                using var parsed = JsonDocument.Parse(body!);
                var member = LiteralMember(parsed.RootElement);
                if (member != null) return Refusal($"the body's \"{member}\" member");
            }
            return null;
        }

        private static string Refusal(string where) =>
            $"{where} holds what looks like a credential in clear, which would be stored unsealed: write {{secret}} there and give the value as the secret (-Secret)";

        private static bool IsLiteralCredential(string name, string value) =>
            CredentialName.IsMatch(name) && value.Length > 0 && !value.Contains("{secret}");

        private static IEnumerable<KeyValuePair<string, string>> Pairs(string encoded) =>
            encoded.Split(new[] { '&' }, StringSplitOptions.RemoveEmptyEntries).Select(pair =>
            {
                var equals = pair.IndexOf('=');
                return equals < 0 ? new KeyValuePair<string, string>(pair, "") : new KeyValuePair<string, string>(pair.Substring(0, equals), pair.Substring(equals + 1));
            });

        private static string? LiteralMember(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.String && IsLiteralCredential(property.Name, property.Value.GetString() ?? "")) return property.Name;
                    var inner = LiteralMember(property.Value);
                    if (inner != null) return inner;
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    var inner = LiteralMember(item);
                    if (inner != null) return inner;
                }
            }
            return null;
        }
    }
}
