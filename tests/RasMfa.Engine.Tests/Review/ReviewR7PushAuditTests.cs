#if NET
using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Delivery.Webhook;
using RasMfa.Engine.Push;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Hosting;
using RasMfa.Engine.Tests.Push;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>Review R7: what the admin reads in the audit log after a push, through the listener and radclient as RAS.</summary>
    [Collection(ListenerCollection.Name)]
    public sealed class ReviewR7PushAuditTests : IDisposable
    {
        private const string Secret = "review-r7-push-audit-secret-0001";
        private readonly ListenerHarness _listener = new ListenerHarness();
        private readonly WebhookStub _hook = new WebhookStub();

        [Fact]
        public async Task A_user_pressing_Deny_on_the_page_shows_in_the_audit_log_as_denied_not_as_a_wrong_code()
        {
            // A Deny says "this was not me": the password is likely known to someone else. The admin must be able to find it.
            Start(pushTimeoutSeconds: 10);
            var first = await RadClient.SendAsync(_listener.Endpoint, Secret, "User-Name = \"alice\", User-Password = \"\", Message-Authenticator = 0x00", retries: 1, timeoutSeconds: 10);
            Assert.True(RadClient.Answer(first) == "Access-Challenge", first);
            using (var json = JsonDocument.Parse(Assert.Single(_hook.Received).Body))
            using (var store = new SqliteStore(_listener.DatabasePath))
            {
                var link = json.RootElement.GetProperty("link").GetString()!;
                Assert.Equal(PushDecision.Denied, new PushApprovalService(store.PushApprovals).Decide(link.Substring(link.LastIndexOf('/') + 1), null, DateTime.UtcNow));
            }

            var second = await RadClient.SendAsync(_listener.Endpoint, Secret,
                $"User-Name = \"alice\", User-Password = \"ok\", Message-Authenticator = 0x00, State = {RadClient.Attribute(first, "State")}", retries: 1, timeoutSeconds: 30);
            Assert.Equal("Access-Reject", RadClient.Answer(second));

            using (var store = new SqliteStore(_listener.DatabasePath))
            {
                var last = store.AuditLog.Read(new AuthenticationLogQuery { UserName = "alice" }).OrderBy(r => r.Id).Last();
                Assert.Contains("den", last.Reason, StringComparison.OrdinalIgnoreCase);
            }
        }

        private void Start(int pushTimeoutSeconds)
        {
            int pagePort = FreePort();
            using (var store = new SqliteStore(_listener.DatabasePath))
            {
                // Push as a method kind: the client allows it, alice holds it as her default (was PushIsDefaultMethod).
                store.Clients.Add(new RadiusClientDefinition("ras", IpNetwork.Parse("127.0.0.1/32"), Encoding.ASCII.GetBytes(Secret))
                {
                    EmptyPasswordAction = EmptyPasswordAction.StartDefault,
                    AllowedMethods = new[] { MethodKind.Totp, MethodKind.Push },
                });
                store.Users.Add(new MfaUser("alice") { Methods = new[] { MethodKind.Push }, DefaultMethod = MethodKind.Push });
                store.ApprovalPage.Set(new ApprovalPageDefinition("127.0.0.1", pagePort, $"https://127.0.0.1:{pagePort}/", null, null));
                var webhook = new WebhookSettings { Url = _hook.Url, AllowHttp = true, Body = "{\"user\":\"{user}\",\"link\":\"{link}\"}" };
                store.DeliveryProviders.Set(new DeliveryProviderDefinition(DeliveryKind.Push, WebhookProviderType.TypeName, webhook.ToJson(), null));
                var settings = store.Settings.Get();
                settings.PushTimeoutSeconds = pushTimeoutSeconds;
                store.Settings.Set(settings);
            }
            _listener.Start();
        }

        private static int FreePort()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return port;
        }

        public void Dispose()
        {
            _listener.Dispose();
            _hook.Dispose();
        }
    }
}
#endif
