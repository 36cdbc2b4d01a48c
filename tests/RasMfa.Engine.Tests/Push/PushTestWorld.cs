#if NET
using System;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Delivery.Webhook;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Push;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Storage;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Tests.Push
{
    /// <summary>A store, the approval page on loopback (self-signed), a webhook stub, and the push method wired to them.</summary>
    internal sealed class PushTestWorld : IDisposable
    {
        public const string Secret = "hook-bearer-7";

        private PushTestWorld(TestStore store, ApprovalPageServer page, WebhookStub hook, MfaSettings settings, PushMethod method, HeldRequests held)
        {
            Held = held;
            TestStore = store;
            Page = page;
            Hook = hook;
            Settings = settings;
            Method = method;
        }

        public TestStore TestStore { get; }

        public ApprovalPageServer Page { get; }

        public WebhookStub Hook { get; }

        public MfaSettings Settings { get; }

        public PushMethod Method { get; }

        public HeldRequests Held { get; }

        public MfaUser User { get; } = new MfaUser("alice");

        public string PageUrl => $"https://127.0.0.1:{Page.Port}";

        public static async Task<PushTestWorld> StartAsync(StoreKind kind = StoreKind.Sqlite, int requestsPerMinute = 30, Microsoft.Extensions.Logging.ILogger? log = null)
        {
            var store = TestStore.Open(kind);
            var approvals = new PushApprovalService(store.Store.PushApprovals);
            var options = new ApprovalPageOptions(IPAddress.Loopback, 0, ApprovalPageCertificate.SelfSignedLoopback())
            {
                RequestsPerMinutePerSource = requestsPerMinute,
            };
            var page = await ApprovalPageServer.StartAsync(options, approvals, NullLogger.Instance);
            var hook = new WebhookStub();
            var webhook = new WebhookSettings
            {
                Url = hook.Url,
                AllowHttp = true,
                SecretHeader = "Authorization",
                SecretPrefix = "Bearer ",
                Body = "{\"title\":\"Sign-in for {user}\",\"click\":\"{link}\"}",
            };
            var provider = new DeliveryProviderDefinition(DeliveryKind.Push, WebhookProviderType.TypeName, webhook.ToJson(), Encoding.UTF8.GetBytes(Secret));
            var channels = ConfiguredDeliveryChannels.From(new[] { provider }, new DeliveryEnvironment());
            var settings = new MfaSettings { PushTimeoutSeconds = 25 };
            var definition = new ApprovalPageDefinition("127.0.0.1", page.Port, $"https://127.0.0.1:{page.Port}/", null, null);
            var held = new HeldRequests();
            var method = new PushMethod(approvals, channels, store.Store.SendLimits, held, () => definition, () => settings, log ?? NullLogger.Instance);
            return new PushTestWorld(store, page, hook, settings, method, held);
        }

        public MethodRequest Request(string? challengeData = null) =>
            new MethodRequest(User, "ras1", Settings, DateTime.UtcNow, challengeData) { SourceAddress = "192.0.2.10", CallingStationId = "198.51.100.7" };

        /// <summary>Round one; returns the prompt, the approval's id and the link the webhook carried.</summary>
        public async Task<(string Prompt, string ApprovalId, string Link)> BeginAsync()
        {
            var start = (await Method.BeginAsync(Request(), CancellationToken.None))!;
            var body = Hook.Received[Hook.Received.Count - 1].Body;
            using var json = JsonDocument.Parse(body);
            return (start.Prompt, start.Data!, json.RootElement.GetProperty("click").GetString()!);
        }

        public void Dispose()
        {
            Page.StopAsync().GetAwaiter().GetResult();
            Page.Dispose();
            Hook.Dispose();
            TestStore.Dispose();
        }
    }
}
#endif
