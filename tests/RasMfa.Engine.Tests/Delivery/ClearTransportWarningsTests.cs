using System.Collections.Generic;
using System.Text;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Delivery.HttpGateway;
using RasMfa.Engine.Delivery.Smtp;
using RasMfa.Engine.Delivery.Twilio;
using RasMfa.Engine.Delivery.Webhook;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Administration;
using RasMfa.Engine.Tests.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Delivery
{
    /// <summary>
    /// What an admin who sets a provider that carries codes or links in clear is told, whichever command sets it: each
    /// provider type decides, the engine says it before the change is approved, and a provider over TLS draws no warning.
    /// </summary>
    public sealed class ClearTransportWarningsTests
    {
        [Fact]
        public void A_gateway_over_plain_http_is_warned_of_and_one_over_https_is_not()
        {
            Assert.Equal(new[] { "The gateway is reached over plain http: the codes it sends cross the network readable by anyone on the path. Use it only for a gateway on this machine or a trusted internal network." },
                WarningsSetting(Gateway(DeliveryKind.Voice, "http://127.0.0.1:8080/call", allowHttp: true)));
            Assert.Empty(WarningsSetting(Gateway(DeliveryKind.Sms, "https://sms.corp.example/send", allowHttp: false)));
        }

        [Fact]
        public void Mail_without_TLS_is_warned_of_naming_the_server_and_STARTTLS_is_not()
        {
            Assert.Equal(new[] { "Mail to relay.corp.example goes in clear: anyone on the way can read the codes and enrolment QR codes it carries. Use it only for a relay on this host." },
                WarningsSetting(Mail(SmtpSecurity.None)));
            Assert.Empty(WarningsSetting(Mail(SmtpSecurity.StartTls)));
        }

        [Fact]
        public void A_push_webhook_over_plain_http_is_warned_of_and_one_over_https_is_not()
        {
            var warnings = WarningsSetting(Webhook("http://127.0.0.1:8081/notify", allowHttp: true));
            Assert.Contains("plain http", Assert.Single(warnings));
            Assert.Empty(WarningsSetting(Webhook("https://ntfy.corp.example/mfa", allowHttp: false)));
        }

        [Fact]
        public void Twilio_draws_no_warning()
        {
            var settings = new TwilioSettings { AccountSid = "AC0123456789abcdef0123456789abcdef", From = "+15550100999" };
            Assert.Empty(WarningsSetting(new DeliveryProviderDefinition(DeliveryKind.Voice, TwilioProviderType.TypeName, settings.ToJson(), Encoding.UTF8.GetBytes("token"))));
        }

        /// <summary>What the admin's review hears when the provider is set (declined, as under -WhatIf: warned all the same).</summary>
        private static List<string> WarningsSetting(DeliveryProviderDefinition provider)
        {
            using var test = TestStore.Open(StoreKind.Sqlite);
            var review = new RecordingReview(approve: false);
            Assert.Null(new DeliveryProviderService(test.Store.DeliveryProviders).Set(provider, review));
            return review.Warnings;
        }

        private static DeliveryProviderDefinition Gateway(DeliveryKind kind, string url, bool allowHttp) => new DeliveryProviderDefinition(kind, HttpGatewayProviderType.TypeName,
            new HttpGatewaySettings { Url = url, AllowHttp = allowHttp, ContentType = GatewayContentType.Form, Body = "to={phone}&text={message}" }.ToJson(), null);

        private static DeliveryProviderDefinition Mail(SmtpSecurity security) => new DeliveryProviderDefinition(DeliveryKind.Email, SmtpProviderType.TypeName,
            new SmtpSettings { Host = "relay.corp.example", Security = security, From = "mfa@corp.example" }.ToJson(), null);

        private static DeliveryProviderDefinition Webhook(string url, bool allowHttp) => new DeliveryProviderDefinition(DeliveryKind.Push, WebhookProviderType.TypeName,
            new WebhookSettings { Url = url, AllowHttp = allowHttp }.ToJson(), null);
    }
}
