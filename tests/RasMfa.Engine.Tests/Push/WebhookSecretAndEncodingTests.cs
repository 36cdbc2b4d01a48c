using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Delivery.Webhook;
using Xunit;

namespace RasMfa.Engine.Tests.Push
{
    /// <summary>Review R7 (8-10, 12): a webhook URL that is itself the credential, and values encoded for the body's content type.</summary>
    public sealed class WebhookSecretAndEncodingTests
    {
        private static readonly WebhookProviderType Type = new WebhookProviderType();

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
