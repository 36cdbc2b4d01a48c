using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RasMfa.Engine.Delivery.Smtp
{
    /// <summary>
    /// An SMTP provider's settings, stored as the definition's JSON (the password is the definition's sealed secret, never
    /// here).
    /// </summary>
    public sealed class SmtpSettings
    {
        public const int DefaultTimeoutSeconds = 15;
        public const int MaxTimeoutSeconds = SendTimeout.MaxSeconds;

        private static readonly JsonSerializerOptions Json = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            PropertyNameCaseInsensitive = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Converters = { new JsonStringEnumConverter() },
        };

        public string Host { get; set; } = "";

        /// <summary>0: the security's usual port (587 STARTTLS, 465 implicit TLS, 25 in clear).</summary>
        public int Port { get; set; }

        public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

        /// <summary>The From address (and the envelope sender).</summary>
        public string From { get; set; } = "";

        public string? FromName { get; set; }

        /// <summary>Null: no AUTH. With a user name the secret is the password.</summary>
        public string? UserName { get; set; }

        /// <summary>
        /// SHA-256 of the server's certificate (hex): that certificate is trusted whatever its chain or name (an internal relay
        /// with a private CA). Null: the system's trust store and the host name decide.
        /// </summary>
        public string? CertificateThumbprint { get; set; }

        public int TimeoutSeconds { get; set; } = DefaultTimeoutSeconds;

        /// <summary>The admin's explicit consent to send credentials over a connection in clear (Security None).</summary>
        public bool AllowInsecure { get; set; }

        public int EffectivePort => Port != 0 ? Port : Security switch
        {
            SmtpSecurity.SslOnConnect => 465,
            SmtpSecurity.None => 25,
            _ => 587,
        };

        public string ToJson() => JsonSerializer.Serialize(this, Json);

        /// <summary>The settings in <paramref name="json"/>; null with <paramref name="problem"/> when they cannot be read.</summary>
        public static SmtpSettings? Parse(string json, out string? problem)
        {
            try
            {
                var settings = JsonSerializer.Deserialize<SmtpSettings>(json, Json);
                problem = settings == null ? "the settings are empty" : null;
                return settings;
            }
            catch (JsonException e)
            {
                problem = "the settings are not valid JSON for an SMTP provider: " + e.Message;
                return null;
            }
        }

        /// <summary>Hex of a thumbprint as admins copy it (with colons, spaces or lower case), upper case without separators.</summary>
        public static string NormalizeThumbprint(string thumbprint) =>
            thumbprint.Replace(":", "").Replace(" ", "").Replace("-", "").ToUpperInvariant();
    }
}
