#if NET
using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Delivery.Webhook;
using RasMfa.Engine.Push;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Hosting;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Push
{
    /// <summary>
    /// The listener (RasMfaServerHost) with its approval page on loopback, radclient as RAS, and the webhook stub as the
    /// user's phone's notification. By default the client "ras" allows push and starts the default method on an empty
    /// password (RAS's "autosend"), and alice holds push as her default; each test changes what it needs before the start.
    /// </summary>
    internal sealed class PushListener : IDisposable
    {
        public const string Secret = "push-flow-test-shared-secret-01";

        public ListenerHarness Listener { get; } = new ListenerHarness();

        public WebhookStub Hook { get; } = new WebhookStub();

        public int PagePort { get; private set; }

        public void Start(Action<RadiusClientDefinition>? client = null, Action<MfaUser>? user = null, Action<MfaSettings>? settings = null, Action<SqliteStore>? more = null)
        {
            PagePort = FreePort();
            using (var store = new SqliteStore(Listener.DatabasePath))
            {
                var ras = new RadiusClientDefinition("ras", IpNetwork.Parse("127.0.0.1/32"), Encoding.ASCII.GetBytes(Secret))
                {
                    EmptyPasswordAction = EmptyPasswordAction.StartDefault,
                    AllowedMethods = new[] { MethodKind.Totp, MethodKind.Hotp, MethodKind.Push },
                };
                client?.Invoke(ras);
                store.Clients.Add(ras);
                var alice = new MfaUser("alice") { Methods = new[] { MethodKind.Push }, DefaultMethod = MethodKind.Push };
                user?.Invoke(alice);
                store.Users.Add(alice);
                store.ApprovalPage.Set(new ApprovalPageDefinition("127.0.0.1", PagePort, $"https://127.0.0.1:{PagePort}/", null, null));
                var webhook = new WebhookSettings { Url = Hook.Url, AllowHttp = true, Body = "{\"user\":\"{user}\",\"link\":\"{link}\"}" };
                store.DeliveryProviders.Set(new DeliveryProviderDefinition(DeliveryKind.Push, WebhookProviderType.TypeName, webhook.ToJson(), null));
                var stored = store.Settings.Get();
                settings?.Invoke(stored);
                store.Settings.Set(stored);
                more?.Invoke(store);
            }
            Listener.Start();
        }

        public Task<string> SendAsync(string password, string? state = null, int retries = 1, int timeoutSeconds = 10) =>
            RadClient.SendAsync(Listener.Endpoint, Secret,
                $"User-Name = \"alice\", User-Password = \"{password}\", Message-Authenticator = 0x00" + (state == null ? "" : $", State = {state}"), retries, timeoutSeconds);

        /// <summary>Round one with <paramref name="password"/> (empty: autosend): the number the prompt shows, the State, and the link the webhook carried.</summary>
        public async Task<(int Number, string State, string Link)> RoundOneAsync(string password = "")
        {
            var output = await SendAsync(password);
            Assert.True(RadClient.Answer(output) == "Access-Challenge", output);
            var prompt = RadClient.Attribute(output, "Reply-Message")!;
            var picked = Regex.Match(prompt, @"pick (\d\d)");
            Assert.True(picked.Success, output);
            using var json = JsonDocument.Parse(Hook.Received[Hook.Received.Count - 1].Body);
            return (int.Parse(picked.Groups[1].Value), RadClient.Attribute(output, "State")!, json.RootElement.GetProperty("link").GetString()!);
        }

        public static int FreePort()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return port;
        }

        public void Dispose()
        {
            Listener.Dispose();
            Hook.Dispose();
        }
    }
}
#endif
