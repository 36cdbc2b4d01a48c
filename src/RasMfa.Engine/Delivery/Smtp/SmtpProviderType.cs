using System;
using System.Collections.Generic;
using System.Linq;

namespace RasMfa.Engine.Delivery.Smtp
{
    /// <summary>E-mail through an SMTP server (MailKit): STARTTLS by default, implicit TLS, or in clear for a local relay.</summary>
    public sealed class SmtpProviderType : IDeliveryProviderType
    {
        public const string TypeName = "Smtp";

        public string Name => TypeName;

        public IReadOnlyList<DeliveryKind> Kinds { get; } = new[] { DeliveryKind.Email };

        public string? Invalidity(DeliveryProviderDefinition provider)
        {
            var settings = SmtpSettings.Parse(provider.Settings, out var problem);
            if (settings == null) return problem;
            if (string.IsNullOrWhiteSpace(settings.Host) || settings.Host.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
                return "no mail server (host name or address) is set";
            if (settings.Port < 0 || settings.Port > 65535) return $"the port {settings.Port} is not between 1 and 65535";
            if (!Enum.IsDefined(typeof(SmtpSecurity), settings.Security)) return $"'{settings.Security}' is not a security (StartTls, SslOnConnect, None)";
            if (SmtpAddresses.SingleMailbox(settings.From) == null) return $"the From address '{settings.From}' is not one mail address";
            if (settings.FromName != null && SmtpAddresses.HasControlCharacter(settings.FromName)) return "the From display name holds a control character";
            if (settings.TimeoutSeconds < 1 || settings.TimeoutSeconds > SmtpSettings.MaxTimeoutSeconds)
                return $"the timeout {settings.TimeoutSeconds} s is not between 1 and {SmtpSettings.MaxTimeoutSeconds} s";
            if (settings.CertificateThumbprint != null && !IsSha256Hex(SmtpSettings.NormalizeThumbprint(settings.CertificateThumbprint)))
                return "the certificate thumbprint is not a SHA-256 hash (64 hexadecimal digits)";
            if (settings.CertificateThumbprint != null && settings.Security == SmtpSecurity.None)
                return "a certificate thumbprint needs a TLS security (StartTls or SslOnConnect)";
            bool hasUser = !string.IsNullOrEmpty(settings.UserName);
            // The store reads an empty secret back as none: an empty password is no password.
            bool hasPassword = provider.Secret != null && provider.Secret.Length > 0;
            if (hasUser && SmtpAddresses.HasControlCharacter(settings.UserName!)) return "the user name holds a control character";
            if (hasUser && !hasPassword && provider.Unreadable == null) return "a user name is set without a password";
            if (!hasUser && hasPassword) return "a password is set without a user name";
            if (hasUser && settings.Security == SmtpSecurity.None && !settings.AllowInsecure)
                return "Security None would send the password in clear; use StartTls or SslOnConnect (or, for a relay on this host, AllowInsecure)";
            return null;
        }

        public IReadOnlyList<string> Warnings(DeliveryProviderDefinition provider)
        {
            var settings = SmtpSettings.Parse(provider.Settings, out _);
            if (settings == null || settings.Security != SmtpSecurity.None) return new string[0];
            return new[] { $"Mail to {settings.Host} goes in clear: anyone on the way can read the codes and enrolment QR codes it carries. Use it only for a relay on this host." };
        }

        public IDeliveryChannel CreateChannel(DeliveryProviderDefinition provider, DeliveryEnvironment environment)
        {
            var settings = SmtpSettings.Parse(provider.Settings, out var problem) ?? throw new ArgumentException(problem, nameof(provider));
            return new SmtpChannel(settings, provider.Secret);
        }

        private static bool IsSha256Hex(string text) => text.Length == 64 && text.All(Uri.IsHexDigit);
    }
}
