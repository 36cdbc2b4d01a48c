#if NET
using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using OpenQA.Selenium;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Hosting;
using Xunit;

namespace RasMfa.Engine.Tests.Push
{
    /// <summary>
    /// Push as a method like the others over radclient: chosen by the client's automation keyword (in any case, never
    /// taken as a code), refused as the other methods are at a client that does not allow it or for a user who does not
    /// hold it, and named in the audit log; and a store with the removed PushIsDefaultMethod setting's row still starts.
    /// </summary>
    [Collection(ListenerCollection.Name)]
    public sealed class PushKeywordFlowTests : IDisposable
    {
        private readonly PushListener _push = new PushListener();

        [Fact]
        public async Task The_push_keyword_in_any_case_starts_push_for_a_user_whose_default_is_the_app_and_the_audit_log_names_Push()
        {
            _push.Start(client: c =>
            {
                c.EmptyPasswordAction = EmptyPasswordAction.Challenge;
                c.Keywords = ClientKeywords.Parse(new System.Collections.Hashtable { ["push"] = "push" }, "test");
            }, user: u => u.DefaultMethod = null, more: store => AddToken(store));

            var (number, state, link) = await _push.RoundOneAsync(" PuSh ");
            using (var browser = PushApprovalBrowserTests.Phone())
            {
                browser.Navigate().GoToUrl(link);
                browser.FindElement(By.Id("number-" + number)).Click();
                Assert.Equal("Approved", PushApprovalBrowserTests.Outcome(browser));
            }
            var output = await _push.SendAsync("", state);

            Assert.True(RadClient.Answer(output) == "Access-Accept", output);
            using var store = new SqliteStore(_push.Listener.DatabasePath);
            var records = store.AuditLog.Query(new AuthenticationLogQuery { UserName = "alice" });
            var accepted = Assert.Single(records, r => r.Result == "Accept");
            Assert.StartsWith("Push", accepted.Method);
            Assert.Contains(records, r => r.Result == "Challenge" && r.Method.StartsWith("Push", StringComparison.Ordinal));
            Assert.Equal(0, store.Users.Get("alice")!.FailedAttempts);
        }

        [Fact]
        public async Task The_push_keyword_at_a_client_that_does_not_allow_push_is_refused_plainly_and_sends_nothing()
        {
            _push.Start(client: c =>
            {
                c.AllowedMethods = MethodKinds.DefaultAllowed;
                c.Keywords = ClientKeywords.Parse(new System.Collections.Hashtable { ["push"] = "push" }, "test");
            });

            var output = await _push.SendAsync("push");

            Assert.True(RadClient.Answer(output) == "Access-Reject", output);
            Assert.Equal("Push approval is not allowed here. Use another method.", RadClient.Attribute(output, "Reply-Message"));
            Assert.Empty(_push.Hook.Received);
        }

        [Fact]
        public async Task The_push_keyword_from_a_user_without_push_is_refused_as_for_the_other_methods_and_sends_nothing()
        {
            _push.Start(client: c => c.Keywords = ClientKeywords.Parse(new System.Collections.Hashtable { ["push"] = "push" }, "test"),
                user: u =>
                {
                    u.Methods = new MethodKind[0];
                    u.DefaultMethod = null;
                }, more: store => AddToken(store));

            var output = await _push.SendAsync("push");

            Assert.True(RadClient.Answer(output) == "Access-Reject", output);
            Assert.Equal(RasMfa.Engine.Mfa.OutOfBand.OutOfBandMethod.Unavailable(MethodKind.Push), RadClient.Attribute(output, "Reply-Message"));
            Assert.Equal("Push approval is not available for this account.", RadClient.Attribute(output, "Reply-Message"));
            Assert.Empty(_push.Hook.Received);
        }

        [Fact]
        public async Task A_store_holding_the_removed_PushIsDefaultMethod_row_starts_and_push_goes_only_to_those_who_hold_it()
        {
            _push.Start(user: u =>
            {
                u.Methods = new MethodKind[0];
                u.DefaultMethod = null;
            }, more: store =>
            {
                AddToken(store);
                using var connection = new SqliteConnection("Data Source=" + _push.Listener.DatabasePath);
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "INSERT INTO setting (name, value) VALUES ('PushIsDefaultMethod', 'True')";
                command.ExecuteNonQuery();
            });

            var output = await _push.SendAsync("");

            Assert.True(RadClient.Answer(output) == "Access-Challenge", output);
            Assert.DoesNotContain("pick", RadClient.Attribute(output, "Reply-Message"));
            Assert.Empty(_push.Hook.Received);
            using var store = new SqliteStore(_push.Listener.DatabasePath);
            var settings = store.Settings.Get();
            settings.PushTimeoutSeconds = 20;
            store.Settings.Set(settings);
            Assert.Equal(20, store.Settings.Get().PushTimeoutSeconds);
        }

        private static void AddToken(SqliteStore store)
        {
            var token = new RasMfa.Engine.Tokens.OtpToken("T-ALICE", RasMfa.Engine.Tokens.OtpTokenType.Totp, RasMfa.Engine.Tokens.OtpSecrets.Generate(RasMfa.Engine.Tokens.OtpAlgorithm.Sha1))
            {
                UserId = store.Users.Get("alice")!.Id,
            };
            store.Tokens.Add(token);
        }

        public void Dispose() => _push.Dispose();
    }
}
#endif
