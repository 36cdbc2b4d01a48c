using System.Text;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Delivery.HttpGateway;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Administration;
using RasMfa.Engine.Tests.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Delivery
{
    /// <summary>The gateway settings an admin is stopped at, each with the reason: the ones that would leak, misroute or never work.</summary>
    public sealed class HttpGatewayProviderTypeTests
    {
        private static readonly byte[] Secret = Encoding.UTF8.GetBytes("token");

        [Fact]
        public void Plain_http_is_refused_unless_the_admin_allows_it()
        {
            var settings = Valid();
            settings.Url = "http://sms.corp.example/send?to={phone}&text={message}";
            Assert.Contains("plain http", Invalidity(settings));

            settings.AllowHttp = true;
            Assert.Null(Invalidity(settings));
        }

        [Fact]
        public void A_JSON_body_with_a_placeholder_outside_a_string_is_refused()
        {
            var settings = Valid();
            settings.ContentType = GatewayContentType.Json;
            settings.Body = "{\"to\":{phone},\"text\":\"{message}\"}";
            Assert.Contains("inside a string", Invalidity(settings));

            settings.Body = "{\"to\":\"{phone}\",\"text\":\"{message}\"}";
            Assert.Null(Invalidity(settings));
        }

        [Fact]
        public void A_placeholder_in_the_URL_host_is_refused()
        {
            var settings = Valid();
            settings.Url = "https://{phone}.sms.example/send?text={message}";
            Assert.Contains("host", Invalidity(settings));
        }

        [Fact]
        public void Credentials_in_the_URL_are_refused_so_they_are_never_stored_in_clear()
        {
            var settings = Valid();
            settings.Url = "https://admin:hunter2@sms.example/send?to={phone}&text={message}";
            Assert.Contains("user name or password", Invalidity(settings));
        }

        [Fact]
        public void A_gateway_that_would_never_get_the_message_is_refused()
        {
            var settings = Valid();
            settings.Url = "https://sms.example/send?to={phone}";
            Assert.Contains("{message}", Invalidity(settings));
        }

        [Fact]
        public void The_phone_or_the_message_in_a_header_is_refused()
        {
            var settings = Valid();
            settings.Headers["X-To"] = "{phone}";
            Assert.Contains("X-To", Invalidity(settings));
        }

        [Fact]
        public void A_secret_nothing_uses_and_a_placeholder_with_no_secret_are_both_refused()
        {
            var unused = Valid();
            unused.Headers.Clear();
            Assert.Contains("no header, URL, body or basic auth uses it", Invalidity(unused));

            Assert.Contains("no secret is given", new HttpGatewayProviderType().Invalidity(new DeliveryProviderDefinition(DeliveryKind.Sms, "HttpGateway", Valid().ToJson(), null)));
        }

        [Theory]
        [InlineData("X-Api-Key", "k-123", null, null, "X-Api-Key header")]
        [InlineData(null, null, "https://sms.example/send?user=a&password=hunter2&to={phone}&text={message}", null, "password parameter")]
        [InlineData(null, null, null, "user=a&pass=hunter2&to={phone}&text={message}", "pass field")]
        [InlineData(null, null, null, "{\"auth\":{\"apiToken\":\"abc\"},\"to\":\"{phone}\",\"text\":\"{message}\"}", "\"apiToken\" member")]
        public void A_credential_written_in_clear_is_refused_so_it_is_never_stored_unsealed(string? header, string? value, string? url, string? body, string where)
        {
            var settings = Valid();
            if (header != null) settings.Headers[header] = value!;
            if (url != null) settings.Url = url;
            if (body != null)
            {
                settings.Url = "https://sms.example/send";
                settings.Body = body;
                settings.ContentType = body.StartsWith("{") ? GatewayContentType.Json : GatewayContentType.Form;
            }
            var problem = Invalidity(settings);
            Assert.Contains(where, problem);
            Assert.Contains("in clear", problem);
        }

        [Fact]
        public void A_GET_with_a_body_a_bad_pattern_and_a_timeout_out_of_range_are_refused()
        {
            var get = Valid();
            get.Method = "GET";
            get.Body = "x";
            Assert.Contains("GET", Invalidity(get));

            var pattern = Valid();
            pattern.SuccessPattern = "(unclosed";
            Assert.Contains("success pattern", Invalidity(pattern));

            var timeout = Valid();
            timeout.TimeoutSeconds = 0;
            Assert.Contains("timeout", Invalidity(timeout));
        }

        [Fact]
        public void A_gateway_set_through_the_service_is_stored_without_its_secret_in_the_settings()
        {
            using var test = TestStore.Open(StoreKind.Sqlite);
            var service = new DeliveryProviderService(test.Store.DeliveryProviders);
            service.Set(new DeliveryProviderDefinition(DeliveryKind.Voice, "HttpGateway", Valid().ToJson(), Secret), new RecordingReview());

            var stored = service.Get(DeliveryKind.Voice);
            Assert.Equal("HttpGateway", stored.Provider);
            Assert.DoesNotContain("token", stored.Settings);
            Assert.Equal(Secret, stored.Secret);
        }

        private static HttpGatewaySettings Valid() => new HttpGatewaySettings
        {
            Url = "https://sms.example/send?to={phone}&text={message}",
            Headers = { ["Authorization"] = "Bearer {secret}" },
        };

        private static string? Invalidity(HttpGatewaySettings settings) =>
            new HttpGatewayProviderType().Invalidity(new DeliveryProviderDefinition(DeliveryKind.Sms, "HttpGateway", settings.ToJson(), Secret));
    }
}
