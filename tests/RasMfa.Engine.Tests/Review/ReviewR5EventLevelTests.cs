using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Logging;
using RasMfa.Engine.Mfa.Stages;
using RasMfa.Engine.Tests.Packaging;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>
    /// Review R5: docs/operations.md ("Event ids") gives each id one level, and an admin's alert rule reads both (Windows event
    /// log: Level=Error and Event ID 6000; journal: -p err). A line logged under a documented id at a lower level than the
    /// table says is missed by such a rule: here, the summary of audit records not written in an outage (6000 at Warning), and
    /// the spool's "could not be written yet" (6002 at Warning).
    /// </summary>
    public sealed class ReviewR5EventLevelTests
    {
        private static readonly Regex Row = new Regex(@"^\|\s*(\d+)\s*\|\s*`?(\w+)`?\s*\|\s*(\w+)\s*\|", RegexOptions.Multiline);

        private static LogLevel DocumentedLevel(EventId id)
        {
            var text = File.ReadAllText(Path.Combine(BuildLocations.RepositoryRoot, "docs", "operations.md"));
            var row = Row.Matches(text).Cast<Match>().Single(m => int.Parse(m.Groups[1].Value) == id.Id);
            return (LogLevel)Enum.Parse(typeof(LogLevel), row.Groups[3].Value);
        }

        [Fact]
        public void Every_audit_record_not_written_line_is_at_the_level_the_event_id_table_gives()
        {
            var logger = new LevelRecorder();
            var now = new DateTime(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);
            var log = new UnwrittenAuditLog(logger, () => now);
            var record = new AuthenticationRecord { TimeUtc = now, ClientName = "ras", ClientAddress = "10.0.0.10", UserName = "alice", Result = "Reject", Reason = "store busy", Method = "TOTP" };

            // A store outage: more records than the period's full lines.
            for (int i = 0; i <= UnwrittenAuditLog.FullLinesPerPeriod; i++) log.Kept(new TimeoutException("store busy"), record, i + 1);

            var expected = DocumentedLevel(LogEvents.AuditRecordNotWritten);
            var lines = logger.Lines.Where(l => l.Id == LogEvents.AuditRecordNotWritten.Id).ToList();
            Assert.NotEmpty(lines);
            Assert.All(lines, l => Assert.True(l.Level == expected,
                $"event {l.Id} logged at {l.Level}, docs/operations.md says {expected}: \"{l.Message}\""));
        }

        [Fact]
        public void Every_spooled_audit_records_not_written_line_is_at_the_level_the_event_id_table_gives()
        {
            // The store is still out when the spool tries again: its records stay kept, and 6002 says so.
            var logger = new LevelRecorder();
            var spool = new AuditSpool(new UnavailableLoginStore(), logger, new UnwrittenAuditLog(logger));
            var record = new AuthenticationRecord { TimeUtc = DateTime.UtcNow, ClientName = "ras", ClientAddress = "10.0.0.10", UserName = "alice", Result = "Reject", Reason = "store busy", Method = "TOTP" };
            spool.Keep(record, loggedInFull: true);

            Assert.True(spool.StoreIsWritable().Wait(TimeSpan.FromSeconds(30)));

            var expected = DocumentedLevel(LogEvents.AuditSpoolFailed);
            var lines = logger.Lines.Where(l => l.Id == LogEvents.AuditSpoolFailed.Id).ToList();
            Assert.NotEmpty(lines);
            Assert.All(lines, l => Assert.True(l.Level == expected,
                $"event {l.Id} logged at {l.Level}, docs/operations.md says {expected}: \"{l.Message}\""));
            Assert.Equal(1, spool.Waiting);
        }

        private sealed class UnavailableLoginStore : RasMfa.Engine.Tests.Mfa.DelegatingLoginStore
        {
            public UnavailableLoginStore() : base(null!) { }

            public override System.Threading.Tasks.Task<RasMfa.Engine.Mfa.LoginSettlement> SettleAsync(RasMfa.Engine.Mfa.LoginWrite write, RasMfa.Engine.Mfa.DecidedRequest? request,
                Func<RasMfa.Engine.Mfa.LoginSettlement, RasMfa.Engine.Mfa.LoginRecord> describe) =>
                System.Threading.Tasks.Task.FromException<RasMfa.Engine.Mfa.LoginSettlement>(new TimeoutException("store busy"));
        }

        private sealed class LevelRecorder : ILogger
        {
            public List<(int Id, LogLevel Level, string Message)> Lines { get; } = new List<(int, LogLevel, string)>();

            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                Lines.Add((eventId.Id, logLevel, formatter(state, exception)));
        }
    }
}
