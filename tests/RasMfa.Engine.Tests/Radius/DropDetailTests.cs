using System;
using System.Linq;
using System.Net;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Radius.Server;
using Xunit;

namespace RasMfa.Engine.Tests.Radius
{
    /// <summary>
    /// A dropped packet's detail (a client's name, a count) is made only for the lines the drop log writes, one per reason
    /// per interval: a flood of spoofed packets is counted in full and formats nothing for the drops it keeps out of the log.
    /// </summary>
    public sealed class DropDetailTests
    {
        private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
        private static readonly IPEndPoint Source = new IPEndPoint(IPAddress.Loopback, 1812);
        private readonly MemoryLog _log = new MemoryLog();
        private DateTime _now = new DateTime(2026, 11, 30, 8, 0, 0, DateTimeKind.Utc);
        private int _made;

        private DropLog NewDropLog() => new DropLog(new LoggerFactory(new[] { _log }).CreateLogger("RasMfa.Test"), Interval, () => _now);

        private string Detail(string client)
        {
            _made++;
            return $"client {client}: wrong shared secret or altered packet";
        }

        [Fact]
        public void A_flood_of_one_reason_makes_the_detail_once_per_written_line()
        {
            var drops = NewDropLog();
            for (int i = 0; i < 1000; i++) drops.Dropped(DropReason.BadMessageAuthenticator, Source, "ras", Detail);
            Assert.Equal(1, _made);
            _now += Interval;
            drops.Dropped(DropReason.BadMessageAuthenticator, Source, "ras", Detail);

            Assert.Equal(2, _made);
            Assert.Equal(new[]
            {
                "Discarded a packet from 127.0.0.1:1812: BadMessageAuthenticator (client ras: wrong shared secret or altered packet); 1 discarded for this reason since the last message.",
                "Discarded a packet from 127.0.0.1:1812: BadMessageAuthenticator (client ras: wrong shared secret or altered packet); 1000 discarded for this reason since the last message.",
            }, _log.Since(0).Select(entry => entry.Message).ToArray());
        }

        [Fact]
        public void A_detail_that_cannot_be_made_does_not_decide_the_packets_fate()
        {
            var drops = NewDropLog();
            var error = Record.Exception(() => drops.Dropped<string>(DropReason.UnknownCode, Source, "x", _ => throw new FormatException("a broken detail")));
            Assert.Null(error);
        }

        // Review R11: the admin reads the counts in the lines to see a flood; they must add up to what was dropped, even
        // when one turn's detail could not be made.
        [Fact]
        public void Drops_whose_line_could_not_be_made_are_still_counted_in_a_line_the_log_writes()
        {
            var drops = NewDropLog();
            drops.Dropped(DropReason.UnknownCode, Source, "code 9");                                  // written: 1
            for (int i = 0; i < 500; i++) drops.Dropped(DropReason.UnknownCode, Source, "code 9");    // kept out: 500
            _now += Interval;
            drops.Dropped<string>(DropReason.UnknownCode, Source, "x", _ => throw new FormatException("a broken detail")); // its turn
            _now += Interval;
            drops.Dropped(DropReason.UnknownCode, Source, "code 9");

            long logged = _log.Since(0).Select(entry => entry.Message)
                .Select(line => long.Parse(line.Substring(line.IndexOf("); ", StringComparison.Ordinal) + 3).Split(' ')[0])).Sum();
            Assert.Equal(503, logged);
        }
    }
}
