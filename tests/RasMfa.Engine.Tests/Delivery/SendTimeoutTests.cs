using System.Text;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Delivery.HttpGateway;
using RasMfa.Engine.Delivery.Smtp;
using RasMfa.Engine.Delivery.Twilio;
using Xunit;

namespace RasMfa.Engine.Tests.Delivery
{
    /// <summary>Review R7 (5): a send must end well before RAS stops waiting (30-60 s), whichever provider type carries it.</summary>
    public sealed class SendTimeoutTests
    {
        [Fact]
        public void Every_provider_type_refuses_a_send_timeout_past_15_seconds()
        {
            var gateway = new HttpGatewaySettings { Url = "https://sms.example/send?to={phone}&text={message}", TimeoutSeconds = 16 };
            var twilio = new TwilioSettings { AccountSid = "AC" + new string('0', 32), From = "+15550100100", TimeoutSeconds = 16 };
            var smtp = new SmtpSettings { Host = "mail.example", From = "mfa@corp.example", TimeoutSeconds = 16 };

            Assert.Contains("timeout", new HttpGatewayProviderType().Invalidity(new DeliveryProviderDefinition(DeliveryKind.Sms, HttpGatewayProviderType.TypeName, gateway.ToJson(), null)));
            Assert.Contains("timeout", new TwilioProviderType().Invalidity(new DeliveryProviderDefinition(DeliveryKind.Sms, TwilioProviderType.TypeName, twilio.ToJson(), Encoding.ASCII.GetBytes("token"))));
            Assert.Contains("timeout", new SmtpProviderType().Invalidity(new DeliveryProviderDefinition(DeliveryKind.Email, SmtpProviderType.TypeName, smtp.ToJson(), null)));
        }

        [Theory]
        [InlineData(120, 15)]
        [InlineData(300, 15)]
        [InlineData(10, 10)]
        public void A_row_stored_before_the_cap_waits_at_most_15_seconds(int stored, int waited) =>
            Assert.Equal(waited, SendTimeout.Effective(stored));
    }
}
