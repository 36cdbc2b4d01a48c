using System;
using System.Linq;
using System.Threading.Tasks;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Cluster
{
    /// <summary>
    /// Issue 12's known limit: everything a listener times (TOTP, lockout, challenges, claims) followed the store's clock,
    /// but audit records were stamped by each machine's own, so two servers' records did not sort as the logins happened:
    /// a server whose clock runs ahead put its records after later ones. They are now stamped by the store's clock too.
    /// </summary>
    public sealed class AuditClockTests : IDisposable
    {
        private readonly TwoServers _s = new TwoServers(StoreKind.PostgreSql);

        public void Dispose() => _s.Dispose();

        [Fact]
        public async Task The_records_of_a_server_whose_clock_runs_ahead_are_stamped_by_the_store_clock_and_sort_as_the_logins_happened()
        {
            _s.Enrol("alice");
            _s.Enrol("bob");
            // B's machine runs ten minutes ahead of the store (and of A).
            _s.BClockAhead = TimeSpan.FromMinutes(10);
            var first = _s.Now;
            Assert.Equal(RadiusCode.AccessReject, (await _s.Send(_s.B, _s.Request("alice", "000000"))).Code);
            _s.Now += TimeSpan.FromSeconds(3);
            var second = _s.Now;
            Assert.Equal(RadiusCode.AccessReject, (await _s.Send(_s.A, _s.Request("bob", "000000"))).Code);

            var byTime = _s.Audit().OrderBy(r => r.TimeUtc).ToList();
            Assert.Equal(new[] { "alice", "bob" }, byTime.Select(r => r.UserName).ToArray());
            // Each at the store's time of its decision (the offset's measurement may add a little), not B's ten minutes on.
            Assert.InRange(byTime[0].TimeUtc, first, first + TimeSpan.FromSeconds(1));
            Assert.InRange(byTime[1].TimeUtc, second, second + TimeSpan.FromSeconds(1));
        }
    }
}
