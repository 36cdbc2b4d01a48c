#if NET
using System;
using System.Linq;
using System.Threading.Tasks;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Hosting;
using Xunit;

namespace RasMfa.Engine.Tests.Push
{
    /// <summary>
    /// Through the listener and radclient as RAS: a push round the server cannot hold (MaxHeldPushRequests*) is the server's
    /// capacity, answered at once and not counted toward the user's lockout; a round not decided in time is audited as such.
    /// </summary>
    [Collection(ListenerCollection.Name)]
    public sealed class PushHeldCapFlowTests : IDisposable
    {
        private readonly PushListener _push = new PushListener();

        [Fact]
        public async Task A_round_past_the_held_cap_is_rejected_as_busy_without_counting_against_the_user()
        {
            _push.Start(settings: s =>
            {
                s.MaxHeldPushRequests = 1;
                s.MaxHeldPushRequestsPerClient = 1;
                s.PushTimeoutSeconds = 8;
            });
            var (_, firstState, _) = await _push.RoundOneAsync();
            var (_, secondState, _) = await _push.RoundOneAsync();
            var holding = _push.SendAsync("ok", firstState, retries: 1, timeoutSeconds: 30);
            // The first round must be held before the second arrives (it is held for 8 s).
            await Task.Delay(TimeSpan.FromSeconds(2));

            var busy = await _push.SendAsync("ok", secondState, retries: 1, timeoutSeconds: 5);

            Assert.True(RadClient.Answer(busy) == "Access-Reject", busy);
            Assert.Contains("busy", RadClient.Attribute(busy, "Reply-Message"));
            using (var store = new SqliteStore(_push.Listener.DatabasePath))
            {
                Assert.Equal(0, store.Users.Get("alice")!.FailedAttempts);
                Assert.Contains("not counted against the user", LastReason(store));
            }

            Assert.Equal("Access-Reject", RadClient.Answer(await holding));
            using (var store = new SqliteStore(_push.Listener.DatabasePath))
            {
                Assert.Contains("timed out", LastReason(store));
                Assert.Equal(1, store.Users.Get("alice")!.FailedAttempts);
            }
        }

        private static string LastReason(SqliteStore store) =>
            store.AuditLog.Read(new AuthenticationLogQuery { UserName = "alice" }).OrderBy(r => r.Id).Last().Reason;

        public void Dispose() => _push.Dispose();
    }
}
#endif
