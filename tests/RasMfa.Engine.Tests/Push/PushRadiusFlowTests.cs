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
    /// start the default method at once as RAS's "autosend" does, alice holding push as her default) is challenged with
    /// the number; round two (any password, the State) is held until the page decides or the push timeout passes.
    /// </summary>
    [Collection(ListenerCollection.Name)]
    public sealed class PushRadiusFlowTests : IDisposable
    {
        private readonly PushListener _push = new PushListener();

        [Fact]
        public async Task Approving_with_the_number_on_the_page_answers_the_held_round_with_Accept_and_retransmissions_send_no_second_notification()
        {
            _push.Start();
            var (number, state, link) = await _push.RoundOneAsync();
            // RAS's OK, retransmitted every 3 s while held: the retransmissions are dropped while it is held.
            var held = _push.SendAsync("ok", state, retries: 5, timeoutSeconds: 3);
            await Task.Delay(TimeSpan.FromSeconds(7));

            using var browser = PushApprovalBrowserTests.Phone();
            browser.Navigate().GoToUrl(link);
            browser.FindElement(By.Id("number-" + number)).Click();
            Assert.Equal("Approved", PushApprovalBrowserTests.Outcome(browser));

            var output = await held;
            Assert.Equal("Access-Accept", RadClient.Answer(output));
            Assert.True(RadClient.Sends(output) >= 2, output);
            Assert.Single(_push.Hook.Received);
        }

        [Fact]
        public async Task Deny_on_the_page_answers_Reject()
        {
            _push.Start();
            var (_, state, link) = await _push.RoundOneAsync();
            var held = _push.SendAsync("ok", state, retries: 1, timeoutSeconds: 30);

            using var browser = PushApprovalBrowserTests.Phone();
            browser.Navigate().GoToUrl(link);
            browser.FindElement(By.Id("deny")).Click();

            Assert.Equal("Access-Reject", RadClient.Answer(await held));
        }

        [Fact]
        public async Task No_decision_within_the_push_timeout_answers_Reject()
        {
            _push.Start(settings: s => s.PushTimeoutSeconds = 5);
            var (_, state, _) = await _push.RoundOneAsync();

            var output = await _push.SendAsync("ok", state, retries: 1, timeoutSeconds: 30);

            Assert.Equal("Access-Reject", RadClient.Answer(output));
            Assert.Single(_push.Hook.Received);
        }

        [Fact]
        public async Task The_clients_push_timeout_goes_before_the_servers()
        {
            // The server would hold the round 55 s; radclient (as RAS) waits 15 s, so only the client's 5 s gets it an answer.
            _push.Start(client: c => c.PushTimeoutSeconds = 5, settings: s => s.PushTimeoutSeconds = 55);
            var (_, state, _) = await _push.RoundOneAsync();

            var output = await _push.SendAsync("ok", state, retries: 1, timeoutSeconds: 15);

            Assert.True(RadClient.Answer(output) == "Access-Reject", output);
        }

        [Fact]
        public async Task When_no_provider_sends_the_push_autosend_starts_the_users_next_method_and_the_code_from_the_app_is_accepted()
        {
            var token = new RasMfa.Engine.Tokens.OtpToken("T-ALICE", RasMfa.Engine.Tokens.OtpTokenType.Totp, RasMfa.Engine.Tokens.OtpSecrets.Generate(RasMfa.Engine.Tokens.OtpAlgorithm.Sha1));
            _push.Start(more: store =>
            {
                store.DeliveryProviders.Remove(DeliveryKind.Push);
                token.UserId = store.Users.Get("alice")!.Id;
                store.Tokens.Add(token);
            });

            var first = await _push.SendAsync("");
            Assert.True(RadClient.Answer(first) == "Access-Challenge", first);
            Assert.DoesNotContain("pick", RadClient.Attribute(first, "Reply-Message"));
            var code = RasMfa.Engine.Tokens.OtpCalculator.TotpForStep(token, RasMfa.Engine.Tokens.OtpCalculator.TimeStep(DateTime.UtcNow, 30));
            var second = await _push.SendAsync(code, RadClient.Attribute(first, "State"));

            Assert.True(RadClient.Answer(second) == "Access-Accept", second);
            Assert.Empty(_push.Hook.Received);
        }

        public void Dispose() => _push.Dispose();
    }
}
#endif
