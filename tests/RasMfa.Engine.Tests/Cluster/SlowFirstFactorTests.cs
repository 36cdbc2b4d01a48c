using System;
using System.Diagnostics;
using System.Net;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Cluster
{
    /// <summary>
    /// Issue 12, review R1: a first factor slower than DuplicateWaitSeconds (a directory may be given up to 120 s) on the server
    /// that claimed the request; and the answer kept under the request's key when that server finally decides.
    /// </summary>
    public sealed class SlowFirstFactorTests : TwoServersTests
    {
        [Theory, ClassData(typeof(BothStores))]
        public async Task A_live_servers_claim_is_renewed_while_its_directory_is_slow_and_the_password_is_checked_once(StoreKind kind)
        {
            _s = new TwoServers(kind, FirstFactor.Directory, heldFirstFactor: true);
            _s.Enrol("alice");
            _s.Client.OtpMode = OtpMode.Challenge;
            _s.Settings = new MfaSettings { DuplicateWaitSeconds = 1 };
            var request = _s.Request("alice", "wrong password");
            var key = KeyOf(request);

            var onA = _s.Send(_s.A, request);
            await _s.Checker.Asked;
            // A's directory takes 3 s, three leases; A is alive and renews its claim meanwhile.
            _s.Now += TimeSpan.FromSeconds(3);
            var renewed = await Eventually(() => _s.Store.Logins.FindDecision(key)!.ClaimedUtc >= _s.Now, TimeSpan.FromSeconds(10));
            // RAS active-active: the same octets reach B now. B must wait for A's answer, not check the password itself.
            var onB = _s.Send(_s.B, request);
            var secondCheck = Task.Run(async () => { while (_s.Checker.Checks < 2) await Task.Delay(20); });
            await Task.WhenAny(onB, secondCheck);
            int checks = _s.Checker.Checks;
            _s.Checker.Release();
            await Task.WhenAll(onA, onB);

            Assert.True(renewed, "A's claim was never renewed while its first factor ran");
            Assert.Equal(1, checks);
            Assert.Equal(0, _s.B.Cluster.ClaimsTakenOver);
            Assert.Equal(DropReason.AnswerAwaitedElsewhere, (await onB).DiscardReason);
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task The_answer_is_kept_a_minute_after_the_decision_not_after_the_request_came(StoreKind kind)
        {
            _s = new TwoServers(kind, FirstFactor.Directory, heldFirstFactor: true);
            _s.Enrol("alice");
            _s.Settings = new MfaSettings { DuplicateWaitSeconds = 50 };
            var request = _s.Request("alice", "wrong password");

            // A's directory answers 50 s after the request came; A rejects the password and keeps its answer.
            var onA = _s.Send(_s.A, request);
            await _s.Checker.Asked;
            _s.Now += TimeSpan.FromSeconds(50);
            _s.Checker.Release();
            Assert.Equal(RadiusCode.AccessReject, (await onA).Code);

            // RAS's retransmission reaches B 20 s after A decided (70 s after it first sent), past a purge.
            _s.Now += TimeSpan.FromSeconds(20);
            using (var purge = new ExpiredChallengeScheduler(_s.StoreB.Logins, NullLogger.Instance, TimeSpan.FromHours(1), _s.ClockB.UtcNow)) purge.PurgeNow();
            var onB = await _s.Send(_s.B, request);

            Assert.Equal(RadiusCode.AccessReject, onB.Code);
            Assert.Equal(1, _s.B.Cluster.DecidedElsewhere);
            // One wrong password, checked and counted once.
            Assert.Equal(1, _s.Checker.Checks);
            Assert.Equal(1, _s.User("alice").FailedAttempts);
        }

        private byte[] KeyOf(RadiusPacket request)
        {
            RadiusPacket.TryParse(request.Encode(), out var received);
            return RequestKeys.Of(new AccessRequestContext(received!, _s.Client, new IPEndPoint(IPAddress.Parse("192.0.2.10"), 5000), true));
        }

        private static async Task<bool> Eventually(Func<bool> condition, TimeSpan within)
        {
            var waited = Stopwatch.StartNew();
            while (!condition())
            {
                if (waited.Elapsed > within) return false;
                await Task.Delay(50);
            }
            return true;
        }
    }
}
