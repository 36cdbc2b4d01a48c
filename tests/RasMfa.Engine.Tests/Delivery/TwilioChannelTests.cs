using System;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Delivery.Twilio;
using Xunit;

namespace RasMfa.Engine.Tests.Delivery
{
    /// <summary>
    /// SMS and calls through the real Twilio SDK, its HTTP client sent to a loopback HTTPS stub (trusted through a test CA
    /// by the test's handler only) that checks what Twilio's API would: the path, the basic auth, the form fields.
    /// </summary>
    public sealed class TwilioChannelTests : IClassFixture<TestCertificateAuthority>
    {
        private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
        private const string ApiKeySid = "SKfedcba9876543210fedcba9876543210";
        private const string MessagingServiceSid = "MG00112233445566778899aabbccddeeff";
        private const string AuthToken = "auth-token-0123456789";
        private const string From = "+15550100999";
        private const string To = "+15550100101";

        private readonly TestCertificateAuthority _authority;

        // Keys take a while to make on a busy machine: one CA for the class.
        public TwilioChannelTests(TestCertificateAuthority authority) => _authority = authority;

        [Fact]
        public async Task An_SMS_is_posted_to_the_accounts_Messages_with_its_auth_and_fields_and_gives_the_message_SID()
        {
            using var stub = new LoopbackHttpStub(request => new StubResponse(201, TwilioAnswers.Message(AccountSid, "SM0000000000000000000000000000beef", To), "application/json", "Created"), _authority.ServerCertificate);

            var result = await Send(stub, DeliveryKind.Sms, new TwilioSettings { AccountSid = AccountSid, From = From }, AuthToken, "Your RasMfa code: 481516 & \"more\"");

            Assert.True(result.Delivered, result.Failure);
            Assert.Equal("SM0000000000000000000000000000beef", result.ProviderReference);
            var request = stub.Single();
            Assert.Equal("POST", request.Method);
            Assert.Equal($"/2010-04-01/Accounts/{AccountSid}/Messages.json", request.Path);
            Assert.Equal(Basic(AccountSid, AuthToken), request.Headers["Authorization"]);
            var form = StubRequest.Pairs(request.Body);
            Assert.Equal(To, form["To"]);
            Assert.Equal(From, form["From"]);
            Assert.Equal("Your RasMfa code: 481516 & \"more\"", form["Body"]);
        }

        [Fact]
        public async Task An_API_key_authenticates_for_the_account_and_a_messaging_service_replaces_From()
        {
            using var stub = new LoopbackHttpStub(_ => new StubResponse(201, TwilioAnswers.Message(AccountSid, "SM0000000000000000000000000000cafe", To), "application/json", "Created"), _authority.ServerCertificate);
            var settings = new TwilioSettings { AccountSid = AccountSid, ApiKeySid = ApiKeySid, MessagingServiceSid = MessagingServiceSid };

            var result = await Send(stub, DeliveryKind.Sms, settings, "api-key-secret", "Code 1234");

            Assert.True(result.Delivered, result.Failure);
            var request = stub.Single();
            Assert.Equal($"/2010-04-01/Accounts/{AccountSid}/Messages.json", request.Path);
            Assert.Equal(Basic(ApiKeySid, "api-key-secret"), request.Headers["Authorization"]);
            var form = StubRequest.Pairs(request.Body);
            Assert.Equal(MessagingServiceSid, form["MessagingServiceSid"]);
            Assert.False(form.ContainsKey("From"));
        }

        [Fact]
        public async Task Twilios_invalid_number_error_fails_the_delivery_with_its_code_and_nothing_of_the_token_or_number()
        {
            using var stub = new LoopbackHttpStub(_ => new StubResponse(400, TwilioAnswers.Error(21211, $"The 'To' number {To} is not a valid phone number."), "application/json", "Bad Request"), _authority.ServerCertificate);

            var result = await Send(stub, DeliveryKind.Sms, new TwilioSettings { AccountSid = AccountSid, From = From }, AuthToken, "Code 1234");

            Assert.False(result.Delivered);
            Assert.Contains("21211", result.Failure);
            Assert.Contains("400", result.Failure);
            Assert.DoesNotContain(AuthToken, result.Failure);
            Assert.DoesNotContain(To, result.Failure);
        }

        [Fact]
        public async Task An_answer_without_a_Twilio_error_fails_the_delivery_with_its_status_and_nothing_of_its_page()
        {
            using var stub = new LoopbackHttpStub(_ => new StubResponse(502, "<html>upstream unavailable for " + To + "</html>", "text/html", "Bad Gateway"), _authority.ServerCertificate);

            var result = await Send(stub, DeliveryKind.Sms, new TwilioSettings { AccountSid = AccountSid, From = From }, AuthToken, "Code 1234");

            Assert.False(result.Delivered);
            Assert.Equal("Twilio's API answered BadGateway without a Twilio error", result.Failure);
        }

        [Fact]
        public async Task A_Twilio_that_never_answers_fails_the_delivery_at_its_timeout()
        {
            using var release = new ManualResetEventSlim();
            using var stub = new LoopbackHttpStub(_ =>
            {
                release.Wait(TimeSpan.FromSeconds(30));
                return new StubResponse(201, TwilioAnswers.Message(AccountSid, "SM0000000000000000000000000000beef", To), "application/json", "Created");
            }, _authority.ServerCertificate);

            var result = await Send(stub, DeliveryKind.Sms, new TwilioSettings { AccountSid = AccountSid, From = From, TimeoutSeconds = 1 }, AuthToken, "Code 1234");
            release.Set();

            Assert.False(result.Delivered);
            Assert.Equal("Twilio did not answer within 1 s", result.Failure);
        }

        [Fact]
        public async Task A_call_is_posted_to_Calls_with_TwiML_that_says_the_code_digit_by_digit_twice()
        {
            using var stub = new LoopbackHttpStub(_ => new StubResponse(201, TwilioAnswers.Call(AccountSid, "CA0000000000000000000000000000f00d", To), "application/json", "Created"), _authority.ServerCertificate);
            var settings = new TwilioSettings { AccountSid = AccountSid, From = From, Language = "en-GB" };

            var result = await Send(stub, DeliveryKind.Voice, settings, AuthToken, "Your <RasMfa> code is 481516 & valid 5 minutes.");

            Assert.True(result.Delivered, result.Failure);
            Assert.Equal("CA0000000000000000000000000000f00d", result.ProviderReference);
            var request = stub.Single();
            Assert.Equal($"/2010-04-01/Accounts/{AccountSid}/Calls.json", request.Path);
            Assert.Equal(Basic(AccountSid, AuthToken), request.Headers["Authorization"]);
            var form = StubRequest.Pairs(request.Body);
            Assert.Equal(To, form["To"]);
            Assert.Equal(From, form["From"]);
            var twiml = XDocument.Parse(form["Twiml"]).Root!;
            Assert.Equal("Response", twiml.Name.LocalName);
            Assert.Equal(new[] { "Say", "Pause", "Say" }, twiml.Elements().Select(e => e.Name.LocalName));
            foreach (var say in twiml.Elements("Say"))
            {
                Assert.Equal("Your <RasMfa> code is 4, 8, 1, 5, 1, 6 & valid 5 minutes.", say.Value);
                Assert.Equal("en-GB", (string?)say.Attribute("language"));
            }
        }

        [Fact]
        public async Task A_Twilio_endpoint_whose_certificate_is_not_trusted_is_not_sent_to()
        {
            using var stub = new LoopbackHttpStub(_ => new StubResponse(201, TwilioAnswers.Message(AccountSid, "SM0000000000000000000000000000beef", To), "application/json", "Created"), _authority.ServerCertificate);
            using var otherAuthority = new TestCertificateAuthority();
            var type = new TwilioProviderType();
            var provider = new DeliveryProviderDefinition(DeliveryKind.Sms, type.Name, new TwilioSettings { AccountSid = AccountSid, From = From }.ToJson(), Encoding.UTF8.GetBytes(AuthToken));
            var channel = type.CreateChannel(provider, new DeliveryEnvironment(httpHandler: () => otherAuthority.Handler(stub)));

            var result = await channel.SendAsync(new OutgoingMessage(To, "RasMfa", "Code 1234"), CancellationToken.None);

            Assert.False(result.Delivered);
            Assert.Contains("could not be reached", result.Failure);
            Assert.DoesNotContain(AuthToken, result.Failure);
            Assert.Empty(stub.Received);
        }

        private Task<DeliveryResult> Send(LoopbackHttpStub stub, DeliveryKind kind, TwilioSettings settings, string secret, string text)
        {
            var type = new TwilioProviderType();
            var provider = new DeliveryProviderDefinition(kind, type.Name, settings.ToJson(), Encoding.UTF8.GetBytes(secret));
            Assert.Null(type.Invalidity(provider));
            var channel = type.CreateChannel(provider, new DeliveryEnvironment(httpHandler: () => _authority.Handler(stub)));
            return channel.SendAsync(new OutgoingMessage(To, "RasMfa", text), CancellationToken.None);
        }

        private static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
    }
}
