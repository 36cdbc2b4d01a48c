using System.Linq;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Hosting;
using Xunit;

namespace RasMfa.Engine.Tests.Hosting
{
    /// <summary>The listener's recent log lines, as Get-RasMfaRadiusServer -Log and build.ps1 Run read them.</summary>
    public class MemoryLogTests
    {
        [Fact]
        public void Keeps_the_newest_lines_up_to_its_capacity_and_returns_those_after_a_sequence()
        {
            var log = new MemoryLog(capacity: 3);
            var logger = log.CreateLogger("RasMfa.Test");
            for (int i = 1; i <= 5; i++) logger.LogInformation("line {Number}", i);

            var all = log.Since(0);
            Assert.Equal(new[] { "line 3", "line 4", "line 5" }, all.Select(e => e.Message));
            Assert.Equal(new long[] { 3, 4, 5 }, all.Select(e => e.Sequence));
            Assert.Equal(new[] { "line 5" }, log.Since(4).Select(e => e.Message));
            Assert.Empty(log.Since(5));
        }

        [Fact]
        public void Records_information_and_above_with_the_exception_named_and_no_debug_lines()
        {
            var log = new MemoryLog();
            var logger = log.CreateLogger("RasMfa.Test");
            logger.LogDebug("noise");
            logger.LogWarning(new System.IO.IOException("disk gone"), "store write failed");

            var entry = Assert.Single(log.Since(0));
            Assert.Equal(LogLevel.Warning, entry.Level);
            Assert.Equal("RasMfa.Test", entry.Category);
            Assert.Equal("store write failed IOException: disk gone", entry.Message);
        }
    }
}
