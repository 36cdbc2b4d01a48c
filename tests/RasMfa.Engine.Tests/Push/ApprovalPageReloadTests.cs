#if NET
using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using OpenQA.Selenium;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Push;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Hosting;
using Xunit;

namespace RasMfa.Engine.Tests.Push
{
    /// <summary>
    /// Set-RasMfaApprovalPage reaches a running listener: the page moves without a restart of the listener, an approval
    /// made before the move is decided on the moved page, and a change to anything else leaves the page running as it was.
    /// </summary>
    [Collection(ListenerCollection.Name)]
    public sealed class ApprovalPageReloadTests : IDisposable
    {
        private readonly PushListener _push = new PushListener();

        [Fact]
        public async Task A_page_moved_while_the_listener_runs_serves_at_once_and_decides_an_approval_made_before_the_move()
        {
            _push.Start();
            var (number, state, link) = await _push.RoundOneAsync();
            int oldPort = _push.PagePort, newPort = PushListener.FreePort();

            using (var store = new SqliteStore(_push.Listener.DatabasePath))
                store.ApprovalPage.Set(new ApprovalPageDefinition("127.0.0.1", newPort, $"https://127.0.0.1:{newPort}/", null, null));
            Assert.True(await ListensWithinAsync(newPort, TimeSpan.FromSeconds(10)), "the moved page did not start");
            Assert.False(Listens(oldPort));

            using (var browser = PushApprovalBrowserTests.Phone())
            {
                browser.Navigate().GoToUrl(link.Replace($":{oldPort}/", $":{newPort}/"));
                browser.FindElement(By.Id("number-" + number)).Click();
                Assert.Equal("Approved", PushApprovalBrowserTests.Outcome(browser));
            }
            var output = await _push.SendAsync("ok", state);

            Assert.True(RadClient.Answer(output) == "Access-Accept", output);
            // The next push links to the page where it is now.
            await _push.RoundOneAsync();
            Assert.Contains($"https://127.0.0.1:{newPort}/approve/", _push.Hook.Received[_push.Hook.Received.Count - 1].Body);
        }

        [Fact]
        public void Following_restarts_the_page_only_when_its_definition_changed()
        {
            var folder = Path.Combine(Path.GetTempPath(), "rasmfa-page-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                using var store = new SqliteStore(Path.Combine(folder, "rasmfa.db"));
                int port = PushListener.FreePort();
                store.ApprovalPage.Set(new ApprovalPageDefinition("127.0.0.1", port, $"https://127.0.0.1:{port}/", null, null));
                using var hosting = PushHosting.Start(store, () => new MfaSettings(), ConfiguredDeliveryChannels.None, () => DateTime.UtcNow, NullLogger.Instance);
                var first = hosting.Server;
                Assert.NotNull(first);

                store.Clients.Add(new RadiusClientDefinition("vpn", IpNetwork.Parse("192.0.2.1/32"), Encoding.ASCII.GetBytes(PushListener.Secret)));
                store.Settings.Set(new MfaSettings { PushTimeoutSeconds = 30 });
                hosting.Follow();
                Assert.Same(first, hosting.Server);
                Assert.Equal(1, hosting.Starts);

                store.ApprovalPage.Set(new ApprovalPageDefinition("127.0.0.1", port, $"https://mfa.corp.example:{port}/", null, null));
                hosting.Follow();
                Assert.NotSame(first, hosting.Server);
                Assert.Equal(2, hosting.Starts);
                Assert.True(Listens(port));

                store.ApprovalPage.Remove();
                hosting.Follow();
                Assert.Null(hosting.Server);
                Assert.False(hosting.Method.HasChannel);
                Assert.False(Listens(port));
            }
            finally
            {
                Directory.Delete(folder, true);
            }
        }

        private static async Task<bool> ListensWithinAsync(int port, TimeSpan wait)
        {
            var deadline = DateTime.UtcNow + wait;
            while (DateTime.UtcNow < deadline)
            {
                if (Listens(port)) return true;
                await Task.Delay(100);
            }
            return false;
        }

        private static bool Listens(int port)
        {
            using var client = new TcpClient();
            try
            {
                client.Connect(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }

        public void Dispose() => _push.Dispose();
    }
}
#endif
