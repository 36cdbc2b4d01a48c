using System;
using System.Diagnostics;
using System.Threading;
using Microsoft.Extensions.Logging;

namespace RasMfa.Engine.Hosting
{
    /// <summary>
    /// The one clock a listener times by: this machine's clock plus its offset from the store's clock, so that every server
    /// sharing a store agrees on the times in its rows (a challenge's expiry, a claim's age, a kept answer's, a lock's, the
    /// TOTP step) whatever their own clocks say. The store tells its time (PostgreSQL: its server's clock; SQLite: none, every
    /// server on the file shares this machine's, and the offset stays zero). The offset is measured with the round trip
    /// halved, at the start and every <see cref="MeasureEvery"/>; a failed measurement keeps the last one. An offset past
    /// <see cref="WarnPast"/> is logged (at most every <see cref="WarnEvery"/>) and shown by Get-RasMfaRadiusServer.
    /// </summary>
    public sealed class StoreClock : IDisposable
    {
        public static readonly TimeSpan MeasureEvery = TimeSpan.FromMinutes(1);
        public static readonly TimeSpan WarnPast = TimeSpan.FromSeconds(5);
        public static readonly TimeSpan WarnEvery = TimeSpan.FromMinutes(10);
        private readonly Func<DateTime> _local;
        private readonly Func<DateTime?> _readStoreClock;
        private readonly ILogger _logger;
        private readonly object _measuring = new object();
        private Timer? _timer;
        private long _offsetTicks;
        private DateTime _lastWarnedUtc = DateTime.MinValue;

        /// <param name="local">This machine's clock.</param>
        /// <param name="readStoreClock">Reads the store's clock (<c>IRasMfaStore.ReadClockUtc</c>): null when it has none of its own.</param>
        public StoreClock(Func<DateTime> local, Func<DateTime?> readStoreClock, ILogger logger)
        {
            _local = local;
            _readStoreClock = readStoreClock;
            _logger = logger;
        }

        /// <summary>The store's clock minus this machine's, as last measured.</summary>
        public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

        /// <summary>Now, by the store's clock.</summary>
        public DateTime UtcNow() => _local() + Offset;

        /// <summary>Reads the store's clock once and keeps the offset; false (the last offset kept) when the store could not be read.</summary>
        public bool Measure()
        {
            lock (_measuring)
            {
                DateTime? store;
                var roundTrip = Stopwatch.StartNew();
                try
                {
                    store = _readStoreClock();
                }
                catch (Exception e)
                {
                    Warn("The store's clock could not be read ({Error}); the last offset ({Offset}) stands.", e.Message);
                    return false;
                }
                roundTrip.Stop();
                var local = _local();
                // The store read its clock about halfway through the round trip.
                var offset = store.HasValue ? store.Value + TimeSpan.FromTicks(roundTrip.Elapsed.Ticks / 2) - local : TimeSpan.Zero;
                Interlocked.Exchange(ref _offsetTicks, offset.Ticks);
                if (offset.Duration() > WarnPast)
                {
                    Warn("This server's clock is {Offset} off the store's. RasMfa times challenges, claims and lockouts by the store's clock, " +
                        "but set this machine's clock right (NTP): the codes phones show follow real time.", null);
                }
                return true;
            }
        }

        /// <summary>
        /// The store's clock for an administrative session (a cmdlet's pipeline, which is short): measured the first time it
        /// is asked, then this machine's clock plus that offset. Admins see a lock, a TOTP drift or a cut-off as listeners do.
        /// </summary>
        public static Func<DateTime> MeasuredOnce(Storage.IRasMfaStore store)
        {
            var clock = new StoreClock(() => DateTime.UtcNow, store.ReadClockUtc, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
            int measured = 0;
            return () =>
            {
                if (Interlocked.Exchange(ref measured, 1) == 0) clock.Measure();
                return clock.UtcNow();
            };
        }

        /// <summary>Measures now and then every <paramref name="every"/>, until disposed.</summary>
        public StoreClock StartMeasuring(TimeSpan every)
        {
            Measure();
            _timer = new Timer(_ => Measure(), null, every, every);
            return this;
        }

        private void Warn(string message, string? error)
        {
            var now = _local();
            if (now - _lastWarnedUtc < WarnEvery && now >= _lastWarnedUtc) return;
            _lastWarnedUtc = now;
            if (error == null) _logger.LogWarning(message, Offset);
            else _logger.LogWarning(message, error, Offset);
        }

        public void Dispose() => _timer?.Dispose();
    }
}
