using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Delivery.HttpGateway;
using RasMfa.Engine.Delivery.Twilio;
using RasMfa.Engine.Mfa.OutOfBand;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Administration;
using RasMfa.Engine.Tests.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Delivery
{
    /// <summary>
    /// What a person called with a code hears, whichever provider places the call: the code digit by digit, the whole of it
    /// twice (no more), and nothing read as a big number. Taken from what a calling gateway and Twilio's API receive.
    /// </summary>
    public sealed class VoiceDeliveryTests : IClassFixture<TestCertificateAuthority>
    {
        private const string Phone = "+15550100101";
        private const string Spoken = "4, 8, 1, 5, 1, 6";
        private readonly TestCertificateAuthority _authority;

        public VoiceDeliveryTests(TestCertificateAuthority authority) => _authority = authority;

        [Fact]
        public async Task A_calling_gateway_gets_the_code_digit_by_digit_twice_and_an_SMS_gateway_the_text_as_written()
        {
            using var stub = new LoopbackHttpStub(_ => new StubResponse(200, "OK"));

            var call = await SendThroughGateway(stub, DeliveryKind.Voice, "Your code is 481516");
            var text = await SendThroughGateway(stub, DeliveryKind.Sms, "Your code is 481516");

            Assert.True(call.Delivered, call.Failure);
            Assert.True(text.Delivered, text.Failure);
            Assert.Equal($"Your code is {Spoken}. Your code is {Spoken}.", StubRequest.Pairs(stub.Received[0].Body)["text"]);
            Assert.Equal("Your code is 481516", StubRequest.Pairs(stub.Received[1].Body)["text"]);
        }

        [Fact]
        public async Task A_sign_in_code_called_through_the_gateway_is_said_twice_digit_by_digit()
        {
            using var stub = new LoopbackHttpStub(_ => new StubResponse(200, "OK"));

            var result = await SendThroughGateway(stub, DeliveryKind.Voice, OutOfBandMessages.For(MethodKind.Voice, Phone, "481516", 300).Text);

            Assert.True(result.Delivered, result.Failure);
            var said = StubRequest.Pairs(stub.Single().Body)["text"];
            Assert.Equal(2, Regex.Matches(said, Regex.Escape(Spoken)).Count);
            Assert.DoesNotMatch("[0-9]{2}", said);
        }

        [Fact]
        public async Task A_sign_in_code_called_through_Twilio_is_said_twice_digit_by_digit_each_time_in_its_own_Say()
        {
            using var stub = new LoopbackHttpStub(_ => new StubResponse(201, TwilioAnswers.Call(TwilioAccount, "CA0000000000000000000000000000f00d", Phone), "application/json", "Created"), _authority.ServerCertificate);
            var type = new TwilioProviderType();
            var provider = new DeliveryProviderDefinition(DeliveryKind.Voice, type.Name, new TwilioSettings { AccountSid = TwilioAccount, From = "+15550100999" }.ToJson(), Encoding.UTF8.GetBytes("auth-token"));
            using var channel = (TwilioChannel)type.CreateChannel(provider, new DeliveryEnvironment(httpHandler: () => _authority.Handler(stub)));

            var result = await channel.SendAsync(OutOfBandMessages.For(MethodKind.Voice, Phone, "481516", 300), CancellationToken.None);

            Assert.True(result.Delivered, result.Failure);
            var says = XDocument.Parse(StubRequest.Pairs(stub.Single().Body)["Twiml"]).Root!.Elements("Say").Select(s => s.Value).ToList();
            Assert.Equal(2, says.Count);
            Assert.All(says, say => Assert.Equal(1, Regex.Matches(say, Regex.Escape(Spoken)).Count));
        }

        [Fact]
        public async Task The_test_call_through_a_calling_gateway_is_spoken_twice_with_no_number_read_whole()
        {
            using var stub = new LoopbackHttpStub(_ => new StubResponse(200, "OK"));
            using var test = TestStore.Open(StoreKind.Sqlite);
            var service = new DeliveryProviderService(test.Store.DeliveryProviders);
            service.Set(new DeliveryProviderDefinition(DeliveryKind.Voice, HttpGatewayProviderType.TypeName, Gateway(stub).ToJson(), null), new RecordingReview());

            var result = await service.SendTestAsync(DeliveryKind.Voice, " " + Phone + " ", CancellationToken.None);

            Assert.True(result.Delivered, result.Failure);
            var fields = StubRequest.Pairs(stub.Single().Body);
            Assert.Equal(Phone, fields["to"]);
            var once = $"This is a test call from RasMfa on {System.Environment.MachineName}. No action is needed.";
            Assert.Equal(SpokenText.DigitByDigit(once) + " " + SpokenText.DigitByDigit(once), fields["text"]);
            Assert.DoesNotMatch("[0-9]{2}", fields["text"]);
        }

        private const string TwilioAccount = "AC0123456789abcdef0123456789abcdef";

        private static HttpGatewaySettings Gateway(LoopbackHttpStub stub) => new HttpGatewaySettings
        {
            Url = stub.BaseUrl + "/call",
            AllowHttp = true,
            ContentType = GatewayContentType.Form,
            Body = "to={phone}&text={message}",
        };

        private static async Task<DeliveryResult> SendThroughGateway(LoopbackHttpStub stub, DeliveryKind kind, string text)
        {
            var type = new HttpGatewayProviderType();
            var provider = new DeliveryProviderDefinition(kind, type.Name, Gateway(stub).ToJson(), null);
            Assert.Null(type.Invalidity(provider));
            using var channel = (HttpGatewayChannel)type.CreateChannel(provider, new DeliveryEnvironment());
            return await channel.SendAsync(new OutgoingMessage(Phone, "RasMfa", text), CancellationToken.None);
        }
    }
}
