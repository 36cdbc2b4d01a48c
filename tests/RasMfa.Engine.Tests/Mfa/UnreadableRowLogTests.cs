using System;
using System.Linq;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Mfa;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>Issue 12, review R1: a damaged row met at every retransmission of a login is logged at a rate limit, not once per packet.</summary>
    public sealed class UnreadableRowLogTests
    {
        [Fact]
        public void Rows_met_again_and_again_are_logged_once_per_interval()
        {
            var log = new MemoryLog();
            var unreadable = new UnreadableRowLog(new LoggerFactory(new[] { log }).CreateLogger("RasMfa.Mfa"), TimeSpan.FromHours(1));
            for (int retransmission = 0; retransmission < 50; retransmission++) unreadable.Unreadable("challenge", "attributes do not frame", "its State is refused as unknown");

            var warning = Assert.Single(log.Since(0), e => e.Level == LogLevel.Warning);
            Assert.Contains("challenge row", warning.Message);
        }
    }
}
