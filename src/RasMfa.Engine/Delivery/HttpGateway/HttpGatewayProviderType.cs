using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace RasMfa.Engine.Delivery.HttpGateway
{
    /// <summary>
    /// A generic HTTP gateway: an on-premises SMS box or most SMS providers' REST APIs (and a calling gateway, set as the
    /// voice provider). What it sends is the admin's URL, headers and body template, with the phone and the message put in.
    /// </summary>
    public sealed class HttpGatewayProviderType : IDeliveryProviderType
    {
        public const string TypeName = "HttpGateway";
        public const int MaxTimeoutSeconds = 120;

        private static readonly Regex HeaderName = new Regex(@"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$", RegexOptions.CultureInvariant);

        public string Name => TypeName;

        public IReadOnlyList<DeliveryKind> Kinds { get; } = new[] { DeliveryKind.Sms, DeliveryKind.Voice };

        public string? Invalidity(DeliveryProviderDefinition provider)
        {
            HttpGatewaySettings settings;
            try
            {
                settings = HttpGatewaySettings.FromJson(provider.Settings);
            }
            catch (JsonException e)
            {
                return $"its settings are not a gateway's: {e.Message}";
            }
            return UrlInvalidity(settings)
                ?? RequestInvalidity(settings)
                ?? HeaderInvalidity(settings)
                ?? LiteralCredentials.Find(settings)
                ?? SecretInvalidity(settings, provider.Secret)
                ?? PatternInvalidity("success", settings.SuccessPattern)
                ?? PatternInvalidity("failure", settings.FailurePattern)
                ?? (settings.TimeoutSeconds < 1 || settings.TimeoutSeconds > MaxTimeoutSeconds
                    ? $"the timeout must be 1 to {MaxTimeoutSeconds} seconds (it is {settings.TimeoutSeconds})" : null);
        }

        public IDeliveryChannel CreateChannel(DeliveryProviderDefinition provider, DeliveryEnvironment environment)
        {
            var settings = HttpGatewaySettings.FromJson(provider.Settings);
            return new HttpGatewayChannel(provider.Kind, settings, provider.Secret, environment);
        }

        public IReadOnlyList<string> Warnings(DeliveryProviderDefinition provider)
        {
            // Plain http passes Invalidity only with AllowHttp: the admin chose it, and hears what it means.
            if (!HttpGatewaySettings.FromJson(provider.Settings).Url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) return NoWarnings;
            return new[] { "The gateway is reached over plain http: the codes it sends cross the network readable by anyone on the path. Use it only for a gateway on this machine or a trusted internal network." };
        }

        private static readonly string[] NoWarnings = new string[0];

        private static string? UrlInvalidity(HttpGatewaySettings settings)
        {
            if (string.IsNullOrWhiteSpace(settings.Url)) return "no URL is set";
            var schemeEnd = settings.Url.IndexOf("://", StringComparison.Ordinal);
            var authorityEnd = schemeEnd < 0 ? -1 : settings.Url.IndexOfAny(new[] { '/', '?', '#' }, schemeEnd + 3);
            var authority = schemeEnd < 0 ? "" : authorityEnd < 0 ? settings.Url.Substring(schemeEnd + 3) : settings.Url.Substring(schemeEnd + 3, authorityEnd - schemeEnd - 3);
            // The host is the admin's alone: a placeholder there would let a phone number choose where the message goes.
            if (authority.Contains("{")) return "the URL's host may not hold a placeholder (only its path and query may)";
            if (authority.Contains("@")) return "the URL may not carry a user name or password (give the password as the secret, with -Credential)";
            var probe = GatewayTemplate.Fill(settings.Url, Probe, GatewayTemplate.UrlEncode);
            if (!Uri.TryCreate(probe, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                return $"'{settings.Url}' is not an absolute http(s) URL";
            if (uri.Scheme == Uri.UriSchemeHttp && !settings.AllowHttp)
                return "the URL is plain http, which would carry codes readable on the network: use https, or AllowHttp for a gateway on loopback or an internal network";
            return null;
        }

        private static string? RequestInvalidity(HttpGatewaySettings settings)
        {
            var method = settings.Method.ToUpperInvariant();
            if (method != "GET" && method != "POST") return $"the method must be GET or POST (it is '{settings.Method}')";
            if (method == "GET" && !string.IsNullOrEmpty(settings.Body)) return "a GET request carries no body: put {phone} and {message} in the URL's query, or use POST";
            foreach (var needed in new[] { GatewayTemplate.Phone, GatewayTemplate.Message })
            {
                if (!GatewayTemplate.Uses(settings.Url, needed) && !GatewayTemplate.Uses(settings.Body, needed))
                    return $"neither the URL nor the body holds {{{needed}}}, so the gateway would never get it";
            }
            if (settings.ContentType == GatewayContentType.Json && !string.IsNullOrEmpty(settings.Body))
                return GatewayTemplate.JsonBodyInvalidity(settings.Body!);
            return null;
        }

        private static string? HeaderInvalidity(HttpGatewaySettings settings)
        {
            foreach (var header in settings.Headers)
            {
                if (!HeaderName.IsMatch(header.Key)) return $"'{header.Key}' is not a header name";
                if (string.Equals(header.Key, "Content-Type", StringComparison.OrdinalIgnoreCase) || string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase) || string.Equals(header.Key, "Host", StringComparison.OrdinalIgnoreCase))
                    return $"the {header.Key} header is RasMfa's to set (use the content type setting for Content-Type)";
                if (header.Value.Any(char.IsControl)) return $"the {header.Key} header's value holds a control character";
                if (GatewayTemplate.Uses(header.Value, GatewayTemplate.Phone) || GatewayTemplate.Uses(header.Value, GatewayTemplate.Message))
                    return $"the {header.Key} header may hold {{secret}} but not the phone or the message";
                if (settings.BasicAuthUser != null && string.Equals(header.Key, "Authorization", StringComparison.OrdinalIgnoreCase))
                    return "an Authorization header and basic auth cannot both be set";
            }
            if (settings.BasicAuthUser != null && (settings.BasicAuthUser.Length == 0 || settings.BasicAuthUser.Contains(":") || settings.BasicAuthUser.Any(char.IsControl)))
                return "the basic auth user name must be non-empty, without ':' or control characters";
            return null;
        }

        private static string? SecretInvalidity(HttpGatewaySettings settings, byte[]? secret)
        {
            var usedInHeader = settings.Headers.Values.Any(v => GatewayTemplate.Uses(v, GatewayTemplate.Secret));
            var used = usedInHeader || settings.BasicAuthUser != null
                || GatewayTemplate.Uses(settings.Url, GatewayTemplate.Secret) || GatewayTemplate.Uses(settings.Body, GatewayTemplate.Secret);
            if (used && (secret == null || secret.Length == 0)) return "{secret} or basic auth is used but no secret is given";
            if (!used && secret != null && secret.Length > 0) return "a secret is given but no header, URL, body or basic auth uses it (write {secret} where it goes)";
            if (usedInHeader && Encoding.UTF8.GetString(secret!).Any(char.IsControl)) return "the secret holds a control character, which cannot go in a header";
            return null;
        }

        private static string? PatternInvalidity(string which, string? pattern)
        {
            if (pattern == null) return null;
            try
            {
                _ = new Regex(pattern, RegexOptions.CultureInvariant, GatewayAnswer.PatternTimeout);
                return null;
            }
            catch (ArgumentException e)
            {
                return $"the {which} pattern is not a regular expression: {e.Message}";
            }
        }

        private static readonly IReadOnlyDictionary<string, string> Probe = new Dictionary<string, string>
        {
            [GatewayTemplate.Phone] = "+15550100101",
            [GatewayTemplate.Message] = "probe",
            [GatewayTemplate.Secret] = "probe",
        };
    }
}
