using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Delivery.HttpGateway;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Administration;
using RasMfa.Engine.Tests.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Delivery
{
    /// <summary>
    /// What an SMS gateway on loopback receives from RasMfa: the phone and the message intact in each encoding (however
    /// the message is written), the secret where the admin put it, and what RasMfa makes of the gateway's answers.
    /// </summary>
    public sealed class HttpGatewayChannelTests
    {
        private const string Phone = "+15550100101";
        private const string Secret = "gw-s3cret&=\"";

        /// <summary>Quotes, ampersands, equals, plus, percent, a backslash, line breaks, braces, accents and an emoji.</summary>
        private const string Tricky = "Code 481516 for \"vpn\" & <you>\r\nline 2\\ 1+1=2 100% {secret} {phone} \u00e9t\u00e9 \u4f60\u597d \U0001F510";

        [Fact]
        public async Task A_JSON_body_carries_the_phone_and_message_intact_and_the_secret_in_its_header()
        {
            using var stub = new LoopbackHttpStub(_ => new StubResponse(200, "{\"status\":\"queued\"}"));
            var settings = new HttpGatewaySettings
            {
                Url = stub.BaseUrl + "/api/sms",
                AllowHttp = true,
                ContentType = GatewayContentType.Json,
                Body = "{\"to\":\"{phone}\",\"text\":\"{message}\",\"priority\":1}",
                Headers = { ["Authorization"] = "Bearer {secret}" },
            };

            var result = await Send(settings, Tricky);

            Assert.True(result.Delivered, result.Failure);
            var request = stub.Single();
            Assert.Equal("POST", request.Method);
            Assert.Equal("/api/sms", request.Path);
            Assert.StartsWith("application/json", request.Headers["Content-Type"]);
            Assert.Equal("Bearer " + Secret, request.Headers["Authorization"]);
            using var body = JsonDocument.Parse(request.Body);
            Assert.Equal(Phone, body.RootElement.GetProperty("to").GetString());
            Assert.Equal(Tricky, body.RootElement.GetProperty("text").GetString());
            Assert.Equal(1, body.RootElement.GetProperty("priority").GetInt32());
            Assert.Equal(3, CountProperties(body.RootElement));
        }

        [Fact]
        public async Task A_form_body_carries_the_message_as_one_field_whatever_ampersands_it_holds()
        {
            using var stub = new LoopbackHttpStub(_ => new StubResponse(200, "OK"));
            var settings = new HttpGatewaySettings
            {
                Url = stub.BaseUrl + "/send",
                AllowHttp = true,
                ContentType = GatewayContentType.Form,
                Body = "user=rasmfa&pass={secret}&to={phone}&text={message}",
            };

            var result = await Send(settings, Tricky);

            Assert.True(result.Delivered, result.Failure);
            var request = stub.Single();
            Assert.StartsWith("application/x-www-form-urlencoded", request.Headers["Content-Type"]);
            var fields = StubRequest.Pairs(request.Body);
            Assert.Equal(new[] { "user", "pass", "to", "text" }, fields.Keys);
            Assert.Equal(Secret, fields["pass"]);
            Assert.Equal(Phone, fields["to"]);
            Assert.Equal(Tricky, fields["text"]);
        }

        [Fact]
        public async Task A_GET_gateway_gets_the_phone_and_message_URL_encoded_in_its_query()
        {
            using var stub = new LoopbackHttpStub(_ => new StubResponse(200, "OK: 1 queued"));
            var settings = new HttpGatewaySettings
            {
                Url = stub.BaseUrl + "/cgi-bin/sendsms?username=rasmfa&password={secret}&to={phone}&text={message}",
                Method = "GET",
                AllowHttp = true,
                SuccessPattern = "^OK",
            };

            var result = await Send(settings, Tricky);

            Assert.True(result.Delivered, result.Failure);
            var request = stub.Single();
            Assert.Equal("GET", request.Method);
            Assert.Equal("/cgi-bin/sendsms", request.Path);
            var query = StubRequest.Pairs(request.Query);
            Assert.Equal(new[] { "username", "password", "to", "text" }, query.Keys);
            Assert.Equal(Phone, query["to"]);
            Assert.Equal(Tricky, query["text"]);
            Assert.Equal(Secret, query["password"]);
        }

        [Fact]
        public async Task Basic_auth_sends_the_user_and_the_secret_as_its_password()
        {
            using var stub = new LoopbackHttpStub(_ => new StubResponse(202));
            var settings = new HttpGatewaySettings
            {
                Url = stub.BaseUrl + "/sms",
                AllowHttp = true,
                ContentType = GatewayContentType.Text,
                Body = "{phone}\n{message}",
                BasicAuthUser = "rasmfa",
            };

            var result = await Send(settings, "Code 123456");

            Assert.True(result.Delivered, result.Failure);
            var request = stub.Single();
            Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("rasmfa:" + Secret)), request.Headers["Authorization"]);
            Assert.Equal(Phone + "\nCode 123456", request.Body);
        }

        [Fact]
        public async Task A_gateway_error_fails_the_delivery_naming_the_status_but_never_the_secret_or_the_message()
        {
            using var stub = new LoopbackHttpStub(request => new StubResponse(500, "internal error while sending " + request.Body, reason: "Internal Server Error"));
            var result = await Send(JsonGateway(stub), "Code 271828");

            Assert.False(result.Delivered);
            Assert.Contains("500", result.Failure);
            Assert.DoesNotContain("271828", result.Failure);
            Assert.DoesNotContain(Secret, result.Failure);
        }

        [Fact]
        public async Task A_2xx_answer_that_fails_the_success_pattern_is_a_failed_delivery()
        {
            using var stub = new LoopbackHttpStub(_ => new StubResponse(200, "ERR 42: no credit left"));
            var settings = JsonGateway(stub);
            settings.SuccessPattern = "^OK\\b";

            var result = await Send(settings, "Code 271828");

            Assert.False(result.Delivered);
            Assert.Contains("success pattern", result.Failure);
        }

        [Fact]
        public async Task A_2xx_answer_that_matches_the_failure_pattern_is_a_failed_delivery()
        {
            using var stub = new LoopbackHttpStub(_ => new StubResponse(200, "{\"result\":\"error\",\"detail\":\"blocked\"}"));
            var settings = JsonGateway(stub);
            settings.FailurePattern = "\"result\"\\s*:\\s*\"error\"";

            var result = await Send(settings, "Code 271828");

            Assert.False(result.Delivered);
            Assert.Contains("failure pattern", result.Failure);
        }

        [Fact]
        public async Task A_large_answer_is_judged_by_its_start_rather_than_failing_the_delivery()
        {
            using var stub = new LoopbackHttpStub(_ => new StubResponse(200, "OK queued\n" + new string('x', 1024 * 1024)));
            var settings = JsonGateway(stub);
            settings.SuccessPattern = "^OK";

            var result = await Send(settings, "Code 271828");

            Assert.True(result.Delivered, result.Failure);
        }

        [Fact]
        public async Task A_redirect_is_not_followed_so_the_message_goes_nowhere_the_admin_did_not_set()
        {
            using var elsewhere = new LoopbackHttpStub(_ => new StubResponse(200, "OK"));
            using var stub = new LoopbackHttpStub(_ => new StubResponse(302, reason: "Found", location: elsewhere.BaseUrl + "/steal"));

            var result = await Send(JsonGateway(stub), "Code 271828");

            Assert.False(result.Delivered);
            Assert.Contains("302", result.Failure);
            Assert.Empty(elsewhere.Received);
        }

        [Fact]
        public async Task A_gateway_nobody_listens_on_fails_the_delivery_as_unreachable()
        {
            int port;
            using (var closed = new LoopbackHttpStub(_ => new StubResponse(200))) port = closed.Port;
            var settings = new HttpGatewaySettings { Url = $"http://127.0.0.1:{port}/sms?to={{phone}}&text={{message}}", AllowHttp = true, Headers = { ["X-Key"] = "{secret}" } };

            var result = await Send(settings, "Code 271828");

            Assert.False(result.Delivered);
            Assert.Contains("could not be reached", result.Failure);
        }

        [Fact]
        public async Task A_gateway_that_never_answers_fails_the_delivery_at_its_timeout()
        {
            using var release = new ManualResetEventSlim();
            using var stub = new LoopbackHttpStub(_ =>
            {
                release.Wait(TimeSpan.FromSeconds(30));
                return new StubResponse(200, "OK");
            });
            var settings = JsonGateway(stub);
            settings.TimeoutSeconds = 1;

            var result = await Send(settings, "Code 271828");
            release.Set();

            Assert.False(result.Delivered);
            Assert.Equal("the gateway did not answer within 1 s", result.Failure);
        }

        [Fact]
        public async Task An_https_gateway_is_reached_when_its_certificate_is_trusted_and_refused_when_not()
        {
            using var authority = new TestCertificateAuthority();
            using var stub = new LoopbackHttpStub(_ => new StubResponse(200, "OK"), authority.ServerCertificate);
            var settings = JsonGateway(stub);
            settings.AllowHttp = false;

            var trusted = await Send(settings, "Code 271828", new DeliveryEnvironment(httpHandler: () => authority.Handler()));
            var untrusted = await Send(settings, "Code 271828", new DeliveryEnvironment());

            Assert.True(trusted.Delivered, trusted.Failure);
            Assert.False(untrusted.Delivered);
            Assert.Contains("could not be reached", untrusted.Failure);
            Assert.Single(stub.Received);
        }

        [Fact]
        public async Task The_listeners_SMS_channel_made_from_the_stored_gateway_sends_through_it()
        {
            using var stub = new LoopbackHttpStub(_ => new StubResponse(200, "OK"));
            using var test = TestStore.Open(StoreKind.Sqlite);
            new DeliveryProviderService(test.Store.DeliveryProviders).Set(
                new DeliveryProviderDefinition(DeliveryKind.Sms, "HttpGateway", JsonGateway(stub).ToJson(), Encoding.UTF8.GetBytes(Secret)), new RecordingReview());

            var channels = ConfiguredDeliveryChannels.From(test.Store.DeliveryProviders.List(), new DeliveryEnvironment());
            var result = await channels.For(DeliveryKind.Sms)!.SendAsync(new OutgoingMessage(Phone, "RasMfa", "Code 314159"), CancellationToken.None);

            Assert.True(result.Delivered, result.Failure);
            Assert.Equal(Secret, stub.Single().Headers["X-Api-Key"]);
            Assert.Null(channels.For(DeliveryKind.Voice));
        }

        private static HttpGatewaySettings JsonGateway(LoopbackHttpStub stub) => new HttpGatewaySettings
        {
            Url = stub.BaseUrl + "/api/sms",
            AllowHttp = true,
            ContentType = GatewayContentType.Json,
            Body = "{\"to\":\"{phone}\",\"text\":\"{message}\"}",
            Headers = { ["X-Api-Key"] = "{secret}" },
        };

        private static Task<DeliveryResult> Send(HttpGatewaySettings settings, string text, DeliveryEnvironment? environment = null)
        {
            var type = new HttpGatewayProviderType();
            var provider = new DeliveryProviderDefinition(DeliveryKind.Sms, type.Name, settings.ToJson(), Encoding.UTF8.GetBytes(Secret));
            Assert.Null(type.Invalidity(provider));
            var channel = type.CreateChannel(provider, environment ?? new DeliveryEnvironment());
            return channel.SendAsync(new OutgoingMessage(Phone, "RasMfa", text), CancellationToken.None);
        }

        private static int CountProperties(JsonElement element)
        {
            var count = 0;
            foreach (var _ in element.EnumerateObject()) count++;
            return count;
        }
    }
}
