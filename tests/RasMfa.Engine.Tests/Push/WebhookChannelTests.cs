using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Delivery.Webhook;
using Xunit;

namespace RasMfa.Engine.Tests.Push
{
    /// <summary>The Webhook provider type against a loopback receiver: what it sends, when it counts as delivered, what it refuses to store.</summary>
    public sealed class WebhookChannelTests
    {
        private static readonly WebhookProviderType Type = new WebhookProviderType();

        [Fact]
        public async Task The_body_carries_the_user_and_link_json_escaped_and_the_secret_goes_in_its_header()
        {
            using var hook = new WebhookStub();
            var settings = new WebhookSettings { Url = hook.Url, AllowHttp = true, SecretHeader = "Authorization", SecretPrefix = "Bearer ", Headers = { ["X-Title"] = "RasMfa" } };
            var channel = Type.CreateChannel(Provider(settings, "s3cret"), new DeliveryEnvironment());

            var result = await channel.SendAsync(new OutgoingMessage("o\"brien\\x", "s", "text") { Link = "https://mfa.example/approve/abc" }, CancellationToken.None);

            Assert.True(result.Delivered);
            var (body, headers) = Assert.Single(hook.Received);
            using var json = JsonDocument.Parse(body);
            Assert.Equal("o\"brien\\x", json.RootElement.GetProperty("user").GetString());
            Assert.Equal("https://mfa.example/approve/abc", json.RootElement.GetProperty("link").GetString());
            Assert.Equal("Bearer s3cret", headers["Authorization"]);
            Assert.Equal("RasMfa", headers["X-Title"]);
        }

        [Fact]
        public async Task A_non_2xx_answer_is_a_failure_that_names_the_status_and_not_the_secret()
        {
            using var hook = new WebhookStub { Status = 503 };
            var settings = new WebhookSettings { Url = hook.Url, AllowHttp = true, SecretHeader = "Authorization" };
            var channel = Type.CreateChannel(Provider(settings, "s3cret"), new DeliveryEnvironment());

            var result = await channel.SendAsync(new OutgoingMessage("alice", "s", "t") { Link = "https://x/approve/y" }, CancellationToken.None);

            Assert.False(result.Delivered);
            Assert.Contains("503", result.Failure);
            Assert.DoesNotContain("s3cret", result.Failure);
        }

        [Theory]
        [InlineData("{\"url\":\"http://hook.example/\"}", "https")]
        [InlineData("{\"url\":\"https://hook.example/\",\"body\":\"{\\\"u\\\":\\\"{user}\\\"}\"}", "{link}")]
        [InlineData("{\"url\":\"https://hook.example/\",\"body\":\"{\\\"l\\\":\\\"{link}\\\",\\\"n\\\":\\\"{number}\\\"}\"}", "number")]
        [InlineData("{\"url\":\"https://hook.example/\",\"body\":\"{\\\"l\\\":{link}}\"}", "not JSON")]
        [InlineData("{\"url\":\"https://u:p@hook.example/\"}", "password")]
        [InlineData("{\"url\":\"https://hook.example/\",\"secretHeader\":\"Authorization\"}", "secret")]
        [InlineData("{\"url\":\"https://hook.example/\",\"headers\":{\"Bad Name\":\"v\"}}", "header name")]
        public void Settings_that_would_misdeliver_are_refused_before_they_are_stored(string json, string reason)
        {
            var problem = Type.Invalidity(new DeliveryProviderDefinition(DeliveryKind.Push, WebhookProviderType.TypeName, json, null));

            Assert.NotNull(problem);
            Assert.Contains(reason, problem);
        }

        [Fact]
        public void The_defaults_with_an_https_url_are_valid_and_the_type_is_known_by_name()
        {
            Assert.Null(Type.Invalidity(Provider(new WebhookSettings { Url = "https://ntfy.example/rasmfa" }, null)));
            Assert.Same(WebhookProviderType.TypeName, DeliveryProviderTypes.Named("webhook")!.Name);
            Assert.Equal(new[] { DeliveryKind.Push }, DeliveryProviderTypes.Named("Webhook")!.Kinds.ToArray());
        }

        // Review R7 (8-10, 12): a webhook URL that is itself the credential, and values encoded for the body's content type.

        [Fact]
        public async Task A_secret_placeholder_in_the_URL_is_filled_from_the_sealed_secret_and_never_stored()
        {
            // Teams, Slack and ntfy URLs carry their credential: the admin writes {secret} where it goes.
            using var hook = new WebhookStub();
            var settings = new WebhookSettings { Url = hook.Url + "T0001/{secret}?sig={secret}", AllowHttp = true };
            var provider = Provider(settings, "B0002/k&y=1");
            Assert.Null(Type.Invalidity(provider));
            Assert.DoesNotContain("k&y", provider.Settings);

            var result = await Type.CreateChannel(provider, new DeliveryEnvironment())
                .SendAsync(new OutgoingMessage("alice", "s", "t") { Link = "https://mfa.example/approve/abc" }, CancellationToken.None);

            Assert.True(result.Delivered, result.Failure);
            Assert.Equal("/hook/T0001/B0002/k%26y%3D1?sig=B0002/k%26y%3D1", Assert.Single(hook.Paths));
        }

        [Fact]
        public async Task A_secret_placeholder_in_a_header_is_filled_from_the_sealed_secret()
        {
            using var hook = new WebhookStub();
            var settings = new WebhookSettings { Url = hook.Url, AllowHttp = true, Headers = { ["X-Api-Key"] = "{secret}" } };
            var provider = Provider(settings, "s3cret");
            Assert.Null(Type.Invalidity(provider));

            await Type.CreateChannel(provider, new DeliveryEnvironment())
                .SendAsync(new OutgoingMessage("alice", "s", "t") { Link = "https://mfa.example/approve/abc" }, CancellationToken.None);

            var (_, headers) = Assert.Single(hook.Received);
            Assert.Equal("s3cret", headers["X-Api-Key"]);
        }

        [Theory]
        [InlineData("{\"url\":\"https://{secret}.example/hook\"}", "s3cret", "host")]
        [InlineData("{\"url\":\"https://hook.example/{secret}\"}", null, "no secret")]
        [InlineData("{\"url\":\"https://hook.example/\",\"contentType\":\"text/html\"}", null, "content type")]
        [InlineData("{\"url\":\"https://hook.example/\",\"headers\":{\"X-Api-Key\":\"{secret}\"}}", "s3\ncret", "control character")]
        [InlineData("{\"url\":\"https://hook.example/?token=abc123\"}", null, "token")]
        public void Settings_that_would_misplace_the_secret_or_leave_a_value_unencoded_are_refused(string json, string? secret, string reason)
        {
            var problem = Type.Invalidity(new DeliveryProviderDefinition(DeliveryKind.Push, WebhookProviderType.TypeName, json,
                secret == null ? null : Encoding.UTF8.GetBytes(secret)));

            Assert.NotNull(problem);
            Assert.Contains(reason, problem);
        }

        [Fact]
        public void A_plain_text_body_gets_no_control_characters_from_a_user_name()
        {
            var settings = new WebhookSettings { ContentType = "text/plain", Body = "Sign-in for {user}: {link}" };

            Assert.Equal("Sign-in for evelink: https://x/approve/y", settings.BodyFor("eve\r\nlink", "https://x/approve/y"));
        }

        private static DeliveryProviderDefinition Provider(WebhookSettings settings, string? secret) =>
            new DeliveryProviderDefinition(DeliveryKind.Push, WebhookProviderType.TypeName, settings.ToJson(), secret == null ? null : Encoding.UTF8.GetBytes(secret));
    }
}
