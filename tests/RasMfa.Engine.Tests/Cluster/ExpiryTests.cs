using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Cluster
{
    /// <summary>Issue 12: challenges and the answers kept under request keys leave the store once expired, in batches, and an expired State opens nothing.</summary>
    public sealed class ExpiryTests : TwoServersTests
    {
        [Theory, ClassData(typeof(BothStores))]
        public async Task Expired_challenges_and_kept_answers_are_purged_and_an_expired_State_is_refused(StoreKind kind)
        {
            _s = new TwoServers(kind);
            var token = _s.Enrol("alice");
            var challenge = await _s.Send(_s.A, _s.Request("alice", ""));
            for (int i = 0; i < 3; i++) await _s.Send(_s.B, _s.Request("nobody" + i, ""));
            Assert.True(_s.A.IsKnownOpen(challenge.State!, "ras"));
            Assert.Equal(4, _s.Store.Logins.CountChallenges(_s.Now).Total);

            using var purge = new ExpiredChallengeScheduler(_s.Store.Logins, NullLogger.Instance, TimeSpan.FromHours(1), () => _s.Now);
            Assert.Equal(0, purge.PurgeNow());
            _s.Now += TimeSpan.FromSeconds(_s.Settings.ChallengeLifetimeSeconds + 1);
            Assert.False(_s.A.IsKnownOpen(challenge.State!, "ras"));
            Assert.Equal(RadiusCode.AccessReject, (await _s.Send(_s.B, _s.Request("alice", _s.CodeAt(token), challenge.State))).Code);
            Assert.Equal(DecisionReason.ExpiredState, _s.Audit()[4].Reason);

            // Four challenges and five answers (four challenges, one refusal: its answer is kept until a minute after it).
            Assert.Equal(8, purge.PurgeNow());
            Assert.Null(_s.Store.Logins.FindChallenge(challenge.State!));
            // A second past the minute: on PostgreSQL the servers time by the store's clock, whose measured offset carries half
            // a real round trip (microseconds, more under load), so the refusal is kept a hair past exactly a minute.
            _s.Now += DecidedRequest.KeptFor + TimeSpan.FromSeconds(1);
            Assert.Equal(1, purge.PurgeNow());
            Assert.Equal(0, _s.Store.Logins.CountChallenges(_s.Now - TimeSpan.FromDays(1)).Total);
        }
    }
}
