using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Tests.Mfa;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Cluster
{
    /// <summary>
    /// Review of decide-once (issue 12): the times in the shared rows (a challenge's expires_utc, a claim's claimed_utc, a
    /// kept answer's expires_utc) are written by one server's clock and compared by another's. Servers' clocks drift
    /// (a VM resumed, NTP not set up on the new node): what a user sees when they do. Servers on a SQLite file share one
    /// machine's clock; clocks that differ are PostgreSQL's case.
    /// </summary>
    public sealed class ClockSkewTests : TwoServersTests
    {
        public ClockSkewTests() => _s = new TwoServers(StoreKind.PostgreSql);

        [Fact]
        public async Task A_partner_whose_clock_runs_ahead_purges_a_challenge_opened_a_moment_ago_and_the_right_code_is_then_refused()
        {
            var token = _s.Enrol("alice");
            var challenge = await _s.Send(_s.A, _s.Request("alice", ""));
            Assert.Equal(RadiusCode.AccessChallenge, challenge.Code);

            // B's clock is 100 s ahead. Its purge (every 30 s) runs while alice reads her phone.
            _s.BClockAhead = TimeSpan.FromSeconds(100);
            _s.Now += TimeSpan.FromSeconds(25);
            // B's purge, timed as B's listener times it.
            using (var purgeOnB = new ExpiredChallengeScheduler(_s.StoreB.Logins, NullLogger.Instance, TimeSpan.FromHours(1), _s.ClockB.UtcNow))
                purgeOnB.PurgeNow();

            // 30 s into a 120 s challenge, on the server that opened it, with the right code.
            _s.Now += TimeSpan.FromSeconds(5);
            var roundTwo = await _s.Send(_s.A, _s.Request("alice", _s.CodeAt(token), challenge.State));
            Assert.Equal(RadiusCode.AccessAccept, roundTwo.Code);
        }

        [Fact]
        public async Task A_partner_whose_clock_runs_ahead_takes_over_a_live_claim_and_the_password_is_checked_twice()
        {
            using var s = new TwoServers(StoreKind.PostgreSql, FirstFactor.Directory, heldFirstFactor: true);
            s.Enrol("alice");
            s.Client.OtpMode = OtpMode.Challenge;
            s.Settings = new MfaSettings { DuplicateWaitSeconds = 1 };
            // B's clock is 2 s ahead of A's: more than the lease.
            s.BClockAhead = TimeSpan.FromSeconds(2);
            var request = s.Request("alice", "wrong password");

            // A claims the request and checks the password (held: a directory bind under load takes a moment).
            var onA = s.Send(s.A, request);
            await s.Checker.Asked;
            // RAS active-active: the same octets reach B at the same moment. B should wait for A's answer.
            var onB = s.Send(s.B, request);
            var secondCheck = Task.Run(async () => { while (s.Checker.Checks < 2) await Task.Delay(20); });
            await Task.WhenAny(onB, secondCheck);
            int checks = s.Checker.Checks;
            s.Checker.Release();
            await Task.WhenAll(onA, onB);

            // One password, checked once: a directory counts every wrong password it is asked, and locks the account sooner.
            Assert.Equal(1, checks);
            Assert.Equal(0, s.B.Cluster.ClaimsTakenOver);
        }

        // The server behind times by its own clock (no store clock): what a claim from the future does to a server that waits.
        [Theory, ClassData(typeof(BothStores))]
        public async Task A_partner_whose_clock_runs_behind_writes_a_claim_to_the_store_at_every_look_while_it_waits(StoreKind kind)
        {
            using var s = new TwoServers(kind, FirstFactor.Directory, heldFirstFactor: true);
            s.Enrol("alice");
            s.Client.OtpMode = OtpMode.Challenge;
            s.Settings = new MfaSettings { DuplicateWaitSeconds = 1 };
            var claims = new ClaimCounter(s.StoreB.Logins);
            var behind = new MfaRequestHandler(claims, () => s.Settings, new ChallengeStore(claims, () => s.Now - TimeSpan.FromSeconds(5), () => s.Settings),
                NullLogger.Instance, () => s.Now - TimeSpan.FromSeconds(5), _ => s.Checker, serverId: "server-behind");
            var request = s.Request("alice", HeldChecker.GoodPassword);

            var onA = s.Send(s.A, request);
            await s.Checker.Asked;
            // The same octets reach the server whose clock is 5 s behind; it waits for A's answer (A's check is held), and
            // gives up after DuplicateWaitSeconds. Waiting is reading: one claim, then looks at the store.
            var waited = await behind.DecideAsync(new RasMfa.Engine.Radius.Server.AccessRequestContext(Parse(request), s.Client,
                new System.Net.IPEndPoint(System.Net.IPAddress.Parse("192.0.2.10"), 5000), true), System.Threading.CancellationToken.None);
            s.Checker.Release();
            await onA;
            Assert.Equal(RasMfa.Engine.Radius.Server.DropReason.AnswerAwaitedElsewhere, waited.DiscardReason);
            Assert.Equal(1, claims.Claims);
        }

        private static RadiusPacket Parse(RadiusPacket request)
        {
            RadiusPacket.TryParse(request.Encode(), out var received);
            return received!;
        }

        private sealed class ClaimCounter : DelegatingLoginStore
        {
            private int _claims;

            public ClaimCounter(ILoginStore inner) : base(inner) { }

            public int Claims => System.Threading.Volatile.Read(ref _claims);

            public override Task<RequestDecision> ClaimAsync(DecidedRequest request, TimeSpan lease)
            {
                System.Threading.Interlocked.Increment(ref _claims);
                return base.ClaimAsync(request, lease);
            }
        }
    }
}
