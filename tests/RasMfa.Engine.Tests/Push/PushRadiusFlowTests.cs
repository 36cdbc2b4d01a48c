#if NET
using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using OpenQA.Selenium;
using RasMfa.Engine.Clients;
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
    /// Push approval end to end: the listener (RasMfaServerHost) with its approval page, radclient as RAS, the webhook stub
    /// as the user's phone's notification, and headless chromium as the user. Round one (empty password, the client set to
    /// start the default method at once as RAS's "autosend" does) is challenged with
    /// the number; round two (any password, the State) is held until the page decides or PushTimeoutSeconds pass.
    /// </summary>
    [Collection(ListenerCollection.Name)]
    public sealed class PushRadiusFlowTests : IDisposable
    {
        private const string Secret = "push-flow-test-shared-secret-01";
        private readonly ListenerHarness _listener = new ListenerHarness();
        private readonly WebhookStub _hook = new WebhookStub();

        private void Start(int pushTimeoutSeconds = 25)
        {
            int pagePort = FreePort();
            using (var store = new SqliteStore(_listener.DatabasePath))
            {
                // RAS's "autosend": the empty password starts the user's default method (push) at once.
                store.Clients.Add(new RadiusClientDefinition("ras", IpNetwork.Parse("127.0.0.1/32"), Encoding.ASCII.GetBytes(Secret)) { EmptyPasswordAction = EmptyPasswordAction.StartDefault });
                store.Users.Add(new MfaUser("alice"));
                store.ApprovalPage.Set(new ApprovalPageDefinition("127.0.0.1", pagePort, $"https://127.0.0.1:{pagePort}/", null, null));
                var webhook = new WebhookSettings { Url = _hook.Url, AllowHttp = true, Body = "{\"user\":\"{user}\",\"link\":\"{link}\"}" };
                store.DeliveryProviders.Set(new DeliveryProviderDefinition(DeliveryKind.Push, WebhookProviderType.TypeName, webhook.ToJson(), null));
                var settings = store.Settings.Get();
                settings.PushIsDefaultMethod = true;
                settings.PushTimeoutSeconds = pushTimeoutSeconds;
                store.Settings.Set(settings);
            }
            _listener.Start();
        }

        [Fact]
        public async Task Approving_with_the_number_on_the_page_answers_the_held_round_with_Accept_and_retransmissions_send_no_second_notification()
        {
            Start();
            var (number, state, link) = await RoundOneAsync();
            // RAS's OK, retransmitted every 3 s while held: the retransmissions are dropped while it is held.
            var held = RadClient.SendAsync(_listener.Endpoint, Secret, $"User-Name = \"alice\", User-Password = \"ok\", Message-Authenticator = 0x00, State = {state}", retries: 5, timeoutSeconds: 3);
            await Task.Delay(TimeSpan.FromSeconds(7));

            using var browser = PushApprovalBrowserTests.Phone();
            browser.Navigate().GoToUrl(link);
            browser.FindElement(By.Id("number-" + number)).Click();
            Assert.Equal("Approved", PushApprovalBrowserTests.Outcome(browser));

            var output = await held;
            Assert.Equal("Access-Accept", RadClient.Answer(output));
            Assert.True(RadClient.Sends(output) >= 2, output);
            Assert.Single(_hook.Received);
        }

        [Fact]
        public async Task Deny_on_the_page_answers_Reject()
        {
            Start();
            var (_, state, link) = await RoundOneAsync();
            var held = RadClient.SendAsync(_listener.Endpoint, Secret, $"User-Name = \"alice\", User-Password = \"ok\", Message-Authenticator = 0x00, State = {state}", retries: 1, timeoutSeconds: 30);

            using var browser = PushApprovalBrowserTests.Phone();
            browser.Navigate().GoToUrl(link);
            browser.FindElement(By.Id("deny")).Click();

            Assert.Equal("Access-Reject", RadClient.Answer(await held));
        }

        [Fact]
        public async Task No_decision_within_the_push_timeout_answers_Reject()
        {
            Start(pushTimeoutSeconds: 5);
            var (_, state, _) = await RoundOneAsync();

            var output = await RadClient.SendAsync(_listener.Endpoint, Secret, $"User-Name = \"alice\", User-Password = \"ok\", Message-Authenticator = 0x00, State = {state}", retries: 1, timeoutSeconds: 30);

            Assert.Equal("Access-Reject", RadClient.Answer(output));
            Assert.Single(_hook.Received);
        }

        private async Task<(int Number, string State, string Link)> RoundOneAsync()
        {
            var output = await RadClient.SendAsync(_listener.Endpoint, Secret, "User-Name = \"alice\", User-Password = \"\", Message-Authenticator = 0x00", retries: 1, timeoutSeconds: 10);
            Assert.True(RadClient.Answer(output) == "Access-Challenge", output);
            var prompt = RadClient.Attribute(output, "Reply-Message")!;
            var picked = Regex.Match(prompt, @"pick (\d\d)");
            Assert.True(picked.Success, output);
            int number = int.Parse(picked.Groups[1].Value);
            using var json = JsonDocument.Parse(Assert.Single(_hook.Received).Body);
            return (number, RadClient.Attribute(output, "State")!, json.RootElement.GetProperty("link").GetString()!);
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
