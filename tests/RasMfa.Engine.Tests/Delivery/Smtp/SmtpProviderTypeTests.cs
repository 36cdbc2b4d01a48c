using System.Text;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Delivery.Smtp;
using Xunit;

namespace RasMfa.Engine.Tests.Delivery.Smtp
{
    /// <summary>What Set-RasMfaMailProvider refuses, through the provider type's reasons.</summary>
    public sealed class SmtpProviderTypeTests
    {
        private static readonly byte[] Password = Encoding.UTF8.GetBytes("pw");

        [Fact]
        public void A_complete_STARTTLS_provider_with_a_password_is_accepted() =>
            Assert.Null(Invalidity(new SmtpSettings { Host = "mail.corp.example", From = "mfa@corp.example", UserName = "relay" }, Password));

        [Fact]
        public void A_password_over_a_connection_in_clear_is_refused_unless_allowed()
        {
            var settings = new SmtpSettings { Host = "localhost", From = "mfa@corp.example", Security = SmtpSecurity.None, UserName = "relay" };
            Assert.Contains("in clear", Invalidity(settings, Password));
            settings.AllowInsecure = true;
            Assert.Null(Invalidity(settings, Password));
        }

        [Fact]
        public void Clear_text_without_credentials_is_accepted() =>
            Assert.Null(Invalidity(new SmtpSettings { Host = "localhost", From = "mfa@corp.example", Security = SmtpSecurity.None }, null));

        [Theory]
        [InlineData("mfa@corp.example\r\nBcc: x@evil.example")]
        [InlineData("RasMfa <mfa@corp.example>")]
        [InlineData("")]
        public void A_From_that_is_not_one_bare_address_is_refused(string from) =>
            Assert.Contains("From address", Invalidity(new SmtpSettings { Host = "mail.corp.example", From = from }, null));

        [Fact]
        public void A_display_name_with_a_line_break_is_refused() =>
            Assert.Contains("control character", Invalidity(new SmtpSettings { Host = "mail.corp.example", From = "mfa@corp.example", FromName = "RasMfa\r\nBcc: x@evil.example" }, null));

        [Fact]
        public void A_thumbprint_that_is_not_SHA_256_is_refused_and_colons_are_fine()
        {
            Assert.Contains("SHA-256", Invalidity(new SmtpSettings { Host = "m", From = "mfa@corp.example", CertificateThumbprint = "AB:CD" }, null));
            var colons = string.Join(":", System.Linq.Enumerable.Repeat("ab", 32));
            Assert.Null(Invalidity(new SmtpSettings { Host = "m", From = "mfa@corp.example", CertificateThumbprint = colons }, null));
        }

        [Fact]
        public void A_user_name_without_a_password_and_a_password_without_a_user_are_refused()
        {
            Assert.Contains("without a password", Invalidity(new SmtpSettings { Host = "m", From = "mfa@corp.example", UserName = "relay" }, null));
            Assert.Contains("without a user name", Invalidity(new SmtpSettings { Host = "m", From = "mfa@corp.example" }, Password));
            // An empty password would be stored as none and the provider then left unused by every listener.
            Assert.Contains("without a password", Invalidity(new SmtpSettings { Host = "m", From = "mfa@corp.example", UserName = "relay" }, new byte[0]));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(301)]
        public void A_timeout_out_of_range_is_refused(int seconds) =>
            Assert.Contains("timeout", Invalidity(new SmtpSettings { Host = "m", From = "mfa@corp.example", TimeoutSeconds = seconds }, null));

        [Fact]
        public void The_settings_round_trip_through_JSON_without_the_password()
        {
            var json = new SmtpSettings { Host = "m", From = "mfa@corp.example", UserName = "relay", Security = SmtpSecurity.SslOnConnect }.ToJson();
            Assert.Contains("\"SslOnConnect\"", json);
            var back = SmtpSettings.Parse(json, out _)!;
            Assert.Equal(SmtpSecurity.SslOnConnect, back.Security);
            Assert.Equal(465, back.EffectivePort);
            Assert.DoesNotContain("password", json.ToLowerInvariant());
        }

        private static string? Invalidity(SmtpSettings settings, byte[]? secret) =>
            new SmtpProviderType().Invalidity(new DeliveryProviderDefinition(DeliveryKind.Email, "Smtp", settings.ToJson(), secret));
    }
}
