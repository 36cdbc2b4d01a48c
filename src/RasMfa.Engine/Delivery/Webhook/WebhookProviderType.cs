using System;
using System.Collections.Generic;
using System.Text.Json;

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
            if (!Uri.TryCreate(settings.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
                return "the URL must be an absolute http(s) URL.";
            if (url.Scheme == Uri.UriSchemeHttp && !settings.AllowHttp) return "the URL must be https (allow http explicitly for a lab).";
            if (!string.IsNullOrEmpty(url.UserInfo)) return "the URL may not hold a user name or password; put the secret in a header.";
            if (settings.Body.IndexOf("{link}", StringComparison.Ordinal) < 0) return "the body template must contain {link}.";
            if (settings.Body.IndexOf("{number}", StringComparison.OrdinalIgnoreCase) >= 0) return "the body may not carry the number: the user must read it from the sign-in screen.";
            if (settings.IsJson)
            {
                try
                {
                    using var _ = JsonDocument.Parse(settings.BodyFor("user\"name", "https://example.invalid/approve/x"));
                }
                catch (JsonException e)
                {
                    return "the body template is not JSON once filled in: " + e.Message;
                }
            }
            foreach (var name in settings.Headers.Keys)
                if (!IsToken(name)) return $"'{name}' is not a valid header name.";
            if (settings.SecretHeader.Length > 0 && !IsToken(settings.SecretHeader)) return $"'{settings.SecretHeader}' is not a valid header name.";
            if (settings.SecretHeader.Length > 0 && provider.Secret == null) return $"the secret for the {settings.SecretHeader} header is missing.";
            return null;
        }

        public IReadOnlyList<string> Warnings(DeliveryProviderDefinition provider)
        {
            // Plain http passes Invalidity only with AllowHttp: the admin chose it, and hears what it means.
            if (!WebhookSettings.Parse(provider.Settings).Url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) return new string[0];
            return new[] { "The webhook is reached over plain http: the approval links it carries cross the network readable by anyone on the path. Use it only for a webhook on this machine or a trusted internal network." };
        }

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
