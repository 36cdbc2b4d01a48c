using System;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Linq;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Delivery.Webhook;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>Review R7: attacks on delivery and on requests held while a provider or a push decision is awaited.</summary>
    public sealed class ReviewR7DeliveryTests
    {
        private const string Link = "https://mfa.example/approve/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

        [Fact]
        public void A_user_name_in_a_form_encoded_webhook_body_cannot_add_a_second_link()
        {
            // A form body's values are put in as they are (only a JSON body is escaped): "&link=" in a name adds a parameter,
            // and a receiver taking the first "link" sends the user's phone to the attacker's page.
            var settings = new WebhookSettings
            {
                Url = "https://hooks.example/notify",
                ContentType = "application/x-www-form-urlencoded",
                Body = "user={user}&link={link}",
            };

            var body = settings.BodyFor("eve&link=https://evil.example/approve", Link);

            // As a receiver reads the form: name=value pairs split at '&', each percent-decoded.
            var form = body.Split('&').Select(pair => pair.Split(new[] { '=' }, 2))
                .Select(pair => (Name: Uri.UnescapeDataString(pair[0]), Value: pair.Length > 1 ? Uri.UnescapeDataString(pair[1]) : "")).ToList();
            Assert.Equal(new[] { Link }, form.Where(p => p.Name == "link").Select(p => p.Value).ToArray());
            Assert.Equal(new[] { "eve&link=https://evil.example/approve" }, form.Where(p => p.Name == "user").Select(p => p.Value).ToArray());
        }

        [Fact]
        public void A_user_name_holding_the_link_placeholder_does_not_get_the_link_put_in_its_place()
        {
            // The two placeholders are filled one after the other, so the user's text is itself filled in: a name "{link}" gets the link.
            var settings = new WebhookSettings { Body = "{\"title\":\"Sign-in for {user}\",\"click\":\"{link}\"}" };

            var body = settings.BodyFor("{link}", Link);

            Assert.Contains("Sign-in for {link}", body);
        }

        [Theory]
        [InlineData("{\"url\":\"https://hook.example/\",\"headers\":{\"X-Title\":\"RasMfa\\r\\nX-Injected: 1\"}}")]
        [InlineData("{\"url\":\"https://hook.example/\",\"secretHeader\":\"Authorization\",\"secretPrefix\":\"Bearer\\r\\nX-Injected: 1 \"}")]
        public void A_webhook_header_value_with_a_line_break_is_refused_when_the_provider_is_set(string json)
        {
            // The gateway type refuses control characters in header values when the admin sets it; the webhook type stores
            // them, and every push notification then fails (or, on a lenient stack, carries an extra header).
            var problem = new WebhookProviderType().Invalidity(new RasMfa.Engine.Delivery.DeliveryProviderDefinition(
                RasMfa.Engine.Delivery.DeliveryKind.Push, WebhookProviderType.TypeName, json, Encoding.UTF8.GetBytes("s3cret")));

            Assert.NotNull(problem);
        }

        [Theory]
        [InlineData("{\"url\":\"https://prod-01.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=Zm9vYmFyc2lnbmF0dXJl\"}")]
        [InlineData("{\"url\":\"https://ntfy.example/alerts\",\"headers\":{\"Authorization\":\"Bearer tk_live_0123456789\"}}")]
        public void A_webhook_credential_written_in_clear_in_its_URL_or_a_header_is_refused_as_a_gateways_is(string json)
        {
            // Webhook settings are stored unsealed and Get-RasMfaPushProvider prints the URL: a signature or token there
            // is a credential in clear. The HTTP gateway type refuses these (LiteralCredentials); the webhook type takes them.
            var problem = new WebhookProviderType().Invalidity(new RasMfa.Engine.Delivery.DeliveryProviderDefinition(
                RasMfa.Engine.Delivery.DeliveryKind.Push, WebhookProviderType.TypeName, json, null));

            Assert.NotNull(problem);
        }

        private static readonly byte[] Secret = Encoding.ASCII.GetBytes("review-r7-secret-0123456789abcdef");
        private static readonly IPEndPoint Nas = new IPEndPoint(IPAddress.Parse("192.0.2.10"), 40000);

        [Fact]
        public async Task A_RAS_retransmission_of_a_request_still_held_past_the_duplicate_lifetime_is_not_decided_a_second_time()
        {
            // A push round is held up to PushTimeoutSeconds (25, up to 55) and a gateway send up to 120 s, but an entry in
            // progress expires 15 s after it began: RAS's retransmission is then a new request, held (or sent) a second time.
            var now = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            int decided = 0;
            var entered = new SemaphoreSlim(0);
            var release = new TaskCompletionSource<AccessDecision>(TaskCreationOptions.RunContinuationsAsynchronously);
            var client = new RadiusClientDefinition("ras", IpNetwork.Parse("192.0.2.0/24"), Secret);
            var processor = new RequestProcessor(() => new ClientRegistry(new[] { client }), new HoldingHandler(() =>
                {
                    Interlocked.Increment(ref decided);
                    entered.Release();
                    return release.Task;
                }), new ServerCounters(), new DuplicateCache(TimeSpan.FromSeconds(15), () => now), new StatusServerLimiter(),
                new InFlightGate(() => 4000), NullLogger.Instance);
            var bytes = PacketSigner.EncodeRequest(AccessRequest(), Secret);

            var first = processor.ProcessAsync(bytes, bytes.Length, Nas, CancellationToken.None);
            Assert.True(await entered.WaitAsync(TimeSpan.FromSeconds(10)));
            now = now.AddSeconds(20);
            var retransmission = processor.ProcessAsync(bytes, bytes.Length, Nas, CancellationToken.None);
            // Dropped, the retransmission ends at once; decided again, it enters the handler and waits there with the first copy.
            var enteredAgain = entered.WaitAsync();
            var whichFirst = await Task.WhenAny(retransmission, enteredAgain, Task.Delay(TimeSpan.FromSeconds(30)));
            release.SetResult(AccessDecision.Reject());
            await Task.WhenAll(first, retransmission);

            Assert.NotSame(enteredAgain, whichFirst);
            Assert.Same(retransmission, whichFirst);
            Assert.Null(await retransmission);
            Assert.Equal(1, decided);
        }

        private static RadiusPacket AccessRequest()
        {
            var authenticator = new byte[16];
            new Random(7).NextBytes(authenticator);
            var packet = new RadiusPacket(RadiusCode.AccessRequest, 7, authenticator);
            packet.Add(RadiusAttribute.FromText(RadiusAttributeType.UserName, "alice"));
            packet.Add(new RadiusAttribute(RadiusAttributeType.UserPassword, PapPassword.Hide(Encoding.UTF8.GetBytes("pw"), Secret, authenticator)));
            return packet;
        }

        private sealed class HoldingHandler : IAccessRequestHandler
        {
            private readonly Func<Task<AccessDecision>> _decide;

            public HoldingHandler(Func<Task<AccessDecision>> decide) => _decide = decide;

            public Task<AccessDecision> DecideAsync(AccessRequestContext context, CancellationToken cancellationToken) => _decide();
        }
    }
}
