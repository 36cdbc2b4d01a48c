using System;
using System.Linq;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Hosting
{
    /// <summary>Issue 12, review R1: the listener times everything by the store's clock, so that servers whose own clocks differ agree.</summary>
    public sealed class StoreClockTests
    {
        private static readonly DateTime Machine = new DateTime(2026, 11, 28, 8, 0, 0, DateTimeKind.Utc);

        [Fact]
        public void A_server_whose_clock_runs_fast_times_by_the_PostgreSQL_servers_clock()
        {
            using var store = TestStore.Open(StoreKind.PostgreSql);
            // The database runs on this machine in the test, so its clock is the real one; this server's runs 100 s fast.
            var clock = new StoreClock(() => DateTime.UtcNow + TimeSpan.FromSeconds(100), store.Store.ReadClockUtc, NullLogger.Instance);
            Assert.True(clock.Measure());

            Assert.InRange(clock.Offset.TotalSeconds, -105, -95);
            Assert.InRange((clock.UtcNow() - DateTime.UtcNow).TotalSeconds, -5, 5);
        }

        [Fact]
        public void On_SQLite_the_machines_clock_is_the_stores()
        {
            using var store = TestStore.Open(StoreKind.Sqlite);
            Assert.Null(store.Store.ReadClockUtc());
            var clock = new StoreClock(() => Machine, store.Store.ReadClockUtc, NullLogger.Instance);
            Assert.True(clock.Measure());

            Assert.Equal(TimeSpan.Zero, clock.Offset);
            Assert.Equal(Machine, clock.UtcNow());
        }

        [Fact]
        public void A_measurement_that_fails_keeps_the_last_offset()
        {
            bool reachable = true;
            var clock = new StoreClock(() => Machine, () => reachable ? Machine + TimeSpan.FromSeconds(30) : throw new TimeoutException("store down"), NullLogger.Instance);
            Assert.True(clock.Measure());
            reachable = false;

            Assert.False(clock.Measure());
            Assert.InRange(clock.Offset.TotalSeconds, 30, 31);
        }

        [Fact]
        public void An_offset_of_more_than_a_few_seconds_is_warned_of_at_a_rate_limit()
        {
            var log = new MemoryLog();
            var now = Machine;
            var offset = TimeSpan.FromSeconds(2);
            var clock = new StoreClock(() => now, () => now + offset, new LoggerFactory(new[] { log }).CreateLogger("RasMfa.Store"));

            clock.Measure();
            Assert.Empty(Warnings(log));
            offset = TimeSpan.FromSeconds(40);
            for (int minute = 0; minute < 5; minute++, now += StoreClock.MeasureEvery) clock.Measure();
            Assert.Single(Warnings(log));
            now += StoreClock.WarnEvery;
            clock.Measure();
            Assert.Equal(2, Warnings(log).Length);
            Assert.Contains("off the store's", Warnings(log)[0]);
        }

        private static string[] Warnings(MemoryLog log) => log.Since(0).Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToArray();
    }
}
