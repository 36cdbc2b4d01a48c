using System;
using System.Linq;
using System.Net;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Radius.Server;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>
    /// Review R11 (issue 16): a dropped packet's detail is now made lazily, inside the drop log's guard. A detail that
    /// cannot be made must not make the drops it stood for vanish from the log: the admin reads the counts in the lines
    /// ("N discarded for this reason since the last message") to see a flood, and the lines must add up to what was dropped.
    /// </summary>
    public sealed class ReviewR11DropDetailTests
    {
        private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
        private static readonly IPEndPoint Source = new IPEndPoint(IPAddress.Loopback, 1812);
        private readonly MemoryLog _log = new MemoryLog();
        private DateTime _now = new DateTime(2026, 11, 30, 8, 0, 0, DateTimeKind.Utc);

        [Fact]
        public void Drops_whose_line_could_not_be_made_are_still_counted_in_a_line_the_log_writes()
        {
            var drops = new DropLog(new LoggerFactory(new[] { _log }).CreateLogger("RasMfa.Test"), Interval, () => _now);
            drops.Dropped(DropReason.UnknownCode, Source, "code 9");                 // written: 1
            for (int i = 0; i < 500; i++) drops.Dropped(DropReason.UnknownCode, Source, "code 9"); // kept out: 500
            _now += Interval;
            drops.Dropped<string>(DropReason.UnknownCode, Source, "x", _ => throw new FormatException("a broken detail")); // its turn, no line
            _now += Interval;
            drops.Dropped(DropReason.UnknownCode, Source, "code 9");

            long logged = _log.Since(0).Select(entry => entry.Message)
                .Select(line => long.Parse(line.Substring(line.IndexOf("); ", StringComparison.Ordinal) + 3).Split(' ')[0])).Sum();
            Assert.Equal(503, logged);
        }
    }
}
