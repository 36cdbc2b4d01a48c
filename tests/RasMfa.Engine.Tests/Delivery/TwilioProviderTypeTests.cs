using System.Text;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Delivery.Twilio;
using Xunit;

namespace RasMfa.Engine.Tests.Delivery
{
    /// <summary>Twilio settings an admin is stopped at when setting them, rather than at the first login that needs a code.</summary>
    public sealed class TwilioProviderTypeTests
    {
        private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
        private const string AuthToken = "auth-token-0123456789";
        private const string From = "+15550100999";

        [Theory]
        [InlineData(DeliveryKind.Voice, "{\"accountSid\":\"AC0123456789abcdef0123456789abcdef\",\"messagingServiceSid\":\"MG00112233445566778899aabbccddeeff\"}", "cannot place calls")]
        [InlineData(DeliveryKind.Voice, "{\"accountSid\":\"AC0123456789abcdef0123456789abcdef\",\"from\":\"RasMfa\"}", "E.164")]
        [InlineData(DeliveryKind.Sms, "{\"accountSid\":\"AC0123456789abcdef0123456789abcdef\",\"from\":\"+15550100999\",\"messagingServiceSid\":\"MG00112233445566778899aabbccddeeff\"}", "one of them")]
        [InlineData(DeliveryKind.Sms, "{\"accountSid\":\"AC0123\",\"from\":\"+15550100999\"}", "account SID")]
        [InlineData(DeliveryKind.Sms, "{\"accountSid\":\"AC0123456789abcdef0123456789abcdef\",\"apiKeySid\":\"AC0123456789abcdef0123456789abcdef\",\"from\":\"+15550100999\"}", "API key SID")]
        public void Settings_Twilio_would_refuse_are_refused_when_set(DeliveryKind kind, string settings, string reason)
        {
            var problem = new TwilioProviderType().Invalidity(new DeliveryProviderDefinition(kind, "Twilio", settings, Encoding.UTF8.GetBytes(AuthToken)));
            Assert.Contains(reason, problem);
        }

        [Fact]
        public void A_Twilio_provider_without_its_token_is_refused()
        {
            var problem = new TwilioProviderType().Invalidity(new DeliveryProviderDefinition(DeliveryKind.Sms, "Twilio", new TwilioSettings { AccountSid = AccountSid, From = From }.ToJson(), null));
            Assert.Contains("no auth token", problem);
        }
    }
}
