using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using RasMfa.Engine.Delivery.HttpGateway;

namespace RasMfa.Engine.Delivery.Webhook
{
    /// <summary>A generic HTTPS webhook (ntfy, a Teams workflow, an in-house app) that carries push approval links.</summary>
    public sealed class WebhookProviderType : IDeliveryProviderType
    {
        public const string TypeName = "Webhook";

        public string Name => TypeName;

        public IReadOnlyList<DeliveryKind> Kinds { get; } = new[] { DeliveryKind.Push };

        public string? Invalidity(DeliveryProviderDefinition provider)
        {
            WebhookSettings settings;
            try
            {
                settings = WebhookSettings.Parse(provider.Settings);
            }
            catch (JsonException e)
            {
                return "its settings are not readable: " + e.Message;
            }
            return UrlInvalidity(settings)
                ?? BodyInvalidity(settings)
                ?? HeaderInvalidity(settings)
                ?? LiteralCredentials.FindInUrlOrHeaders(settings.Url, settings.Headers)
                ?? SecretInvalidity(settings, provider.Secret);
        }

        private static string? UrlInvalidity(WebhookSettings settings)
        {
            // The host is the admin's alone, and the secret stays out of it (it would go to DNS and show in a certificate error).
            int schemeEnd = settings.Url.IndexOf("://", StringComparison.Ordinal);
            int authorityEnd = schemeEnd < 0 ? -1 : settings.Url.IndexOfAny(new[] { '/', '?', '#' }, schemeEnd + 3);
            string authority = schemeEnd < 0 ? settings.Url : authorityEnd < 0 ? settings.Url.Substring(schemeEnd + 3) : settings.Url.Substring(schemeEnd + 3, authorityEnd - schemeEnd - 3);
            if (authority.Contains("{")) return "the URL's host may not hold {secret} (only its path and query may).";
            if (!Uri.TryCreate(settings.UrlFor("probe"), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
                return "the URL must be an absolute http(s) URL.";
            if (url.Scheme == Uri.UriSchemeHttp && !settings.AllowHttp) return "the URL must be https (allow http explicitly for a lab).";
            if (!string.IsNullOrEmpty(url.UserInfo)) return "the URL may not hold a user name or password; put the secret in a header.";
            return null;
        }

        private static string? BodyInvalidity(WebhookSettings settings)
        {
            if (!settings.IsJson && !settings.IsForm && !settings.IsText)
                return $"the content type must be application/json (or another JSON type), {WebhookSettings.FormContentType} or {WebhookSettings.TextContentType}: the values are encoded for these only.";
            if (settings.Body.IndexOf("{link}", StringComparison.Ordinal) < 0) return "the body template must contain {link}.";
            if (settings.Body.IndexOf("{number}", StringComparison.OrdinalIgnoreCase) >= 0) return "the body may not carry the number: the user must read it from the sign-in screen.";
            if (settings.IsJson)
            {
                // Filled with a bare word, the template parses only if every placeholder stands inside a string.
                try
                {
                    using var _ = JsonDocument.Parse(settings.Body.Replace("{user}", "placeholder").Replace("{link}", "placeholder"));
                }
                catch (JsonException e)
                {
                    return "the body template is not JSON with each placeholder inside a string (\"{user}\"): " + e.Message;
                }
            }
            return null;
        }

        public IReadOnlyList<string> Warnings(DeliveryProviderDefinition provider)
        {
            // Plain http passes Invalidity only with AllowHttp: the admin chose it, and hears what it means.
            if (!WebhookSettings.Parse(provider.Settings).Url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) return new string[0];
            return new[] { "The webhook is reached over plain http: the approval links it carries cross the network readable by anyone on the path. Use it only for a webhook on this machine or a trusted internal network." };
        }

        private static string? HeaderInvalidity(WebhookSettings settings)
        {
            foreach (var header in settings.Headers)
            {
                if (!IsToken(header.Key)) return $"'{header.Key}' is not a valid header name.";
                if (HasControlCharacter(header.Value)) return $"the {header.Key} header's value holds a control character.";
            }
            if (settings.SecretHeader.Length > 0 && !IsToken(settings.SecretHeader)) return $"'{settings.SecretHeader}' is not a valid header name.";
            if (HasControlCharacter(settings.SecretPrefix)) return "the secret prefix holds a control character.";
            return null;
        }

        private static string? SecretInvalidity(WebhookSettings settings, byte[]? secret)
        {
            bool inUrl = WebhookSettings.UsesSecret(settings.Url);
            bool inHeader = settings.SecretHeader.Length > 0 || settings.Headers.Values.Any(WebhookSettings.UsesSecret);
            if ((inUrl || inHeader) && (secret == null || secret.Length == 0))
                return settings.SecretHeader.Length > 0 ? $"the secret for the {settings.SecretHeader} header is missing." : "{secret} is used but no secret is given.";
            if (inHeader && HasControlCharacter(Encoding.UTF8.GetString(secret!))) return "the secret holds a control character, which cannot go in a header.";
            return null;
        }

        private static bool HasControlCharacter(string value) => value.Any(char.IsControl);

        public IDeliveryChannel CreateChannel(DeliveryProviderDefinition provider, DeliveryEnvironment environment) =>
            new WebhookChannel(WebhookSettings.Parse(provider.Settings), provider.Secret, environment);

        private static bool IsToken(string name)
        {
            if (name.Length == 0) return false;
            foreach (char c in name)
                if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".IndexOf(c) >= 0)) return false;
            return true;
        }
    }
}
