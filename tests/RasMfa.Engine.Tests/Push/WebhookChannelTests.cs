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

        private static DeliveryProviderDefinition Provider(WebhookSettings settings, string? secret) =>
            new DeliveryProviderDefinition(DeliveryKind.Push, WebhookProviderType.TypeName, settings.ToJson(), secret == null ? null : Encoding.UTF8.GetBytes(secret));
    }
}
