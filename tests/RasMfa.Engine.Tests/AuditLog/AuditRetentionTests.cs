using System;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.AuditLog
{
    /// <summary>The audit log is kept within AuditRetentionDays, a purge is itself recorded, and reading streams (issue 11 item 8).</summary>
    public sealed class AuditRetentionTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-audit-" + Guid.NewGuid().ToString("N"));
        private readonly SqliteStore _store;
        private static readonly DateTime Now = DateTime.UtcNow;

        public AuditRetentionTests() => _store = new SqliteStore(DatabasePath);

        private string DatabasePath => Path.Combine(_folder, "rasmfa.db");

        private SqlAuditLog Log => (SqlAuditLog)_store.AuditLog;

        [Fact]
        public void A_purge_removes_only_the_older_records_in_batches_and_leaves_a_note_saying_how_many_and_who()
        {
            // More than two batches' worth of old records, one on each side of the cut-off, and recent ones.
            AuditRows.Insert(DatabasePath, 2 * AuditLogService.PurgeBatch + 7, Now.AddDays(-200), TimeSpan.FromMinutes(1), "old-");
            var cutoff = Now.AddDays(-90);
            AuditRows.Insert(DatabasePath, 1, cutoff.AddSeconds(-1), TimeSpan.Zero, "just-before-");
            AuditRows.Insert(DatabasePath, 1, cutoff.AddSeconds(1), TimeSpan.Zero, "just-after-");
            AuditRows.Insert(DatabasePath, 5, Now.AddDays(-1), TimeSpan.FromMinutes(1), "recent-");

            long removed = new AuditLogService(_store.AuditLog).Purge(cutoff, "CORP\\admin (test)");

            Assert.Equal(2 * AuditLogService.PurgeBatch + 8, removed);
            var left = new AuditLogService(_store.AuditLog).Query(new AuthenticationLogQuery());
            Assert.Equal(new[] { "just-after-0", "recent-0", "recent-1", "recent-2", "recent-3", "recent-4", "CORP\\\\admin (test)" }, left.Select(r => r.UserName));
            var note = left.Last();
            Assert.Equal("Purge", note.Result);
            Assert.Equal($"{2 * AuditLogService.PurgeBatch + 8} records older than {cutoff:u} removed", note.Reason);
            Assert.Single(_store.AuditLog.Read(new AuthenticationLogQuery { Result = "Purge" }));
        }

        [Fact]
        public void A_purge_cut_off_in_local_time_removes_what_the_same_instant_in_utc_does()
        {
            var cutoff = Now.AddDays(-90);
            AuditRows.Insert(DatabasePath, 1, cutoff.AddSeconds(-1), TimeSpan.Zero, "just-before-");
            AuditRows.Insert(DatabasePath, 1, cutoff.AddSeconds(1), TimeSpan.Zero, "just-after-");

            long removed = new AuditLogService(_store.AuditLog).Purge(cutoff.ToLocalTime(), "CORP\\admin (test)");

            Assert.Equal(1, removed);
            var left = new AuditLogService(_store.AuditLog).Query(new AuthenticationLogQuery());
            Assert.Equal(new[] { "just-after-0", "CORP\\\\admin (test)" }, left.Select(r => r.UserName));
            Assert.Equal($"1 records older than {cutoff:u} removed", left.Last().Reason);
        }

        [Fact]
        public void A_purge_cut_off_with_no_time_zone_is_refused_and_removes_nothing()
        {
            AuditRows.Insert(DatabasePath, 3, Now.AddDays(-200), TimeSpan.FromMinutes(1), "old-");
            var unspecified = DateTime.SpecifyKind(Now.AddDays(-90), DateTimeKind.Unspecified);

            var error = Assert.Throws<RasMfa.Engine.Administration.EngineException>(() => new AuditLogService(_store.AuditLog).Purge(unspecified, "test"));

            Assert.Equal("AuditPurgeCutoffNotUtc", error.ErrorId);
            Assert.Equal(3, _store.AuditLog.Read(new AuthenticationLogQuery()).Count());
        }

        [Fact]
        public void The_listener_purges_past_the_retention_setting_and_logs_it()
        {
            AuditRows.Insert(DatabasePath, 3, Now.AddDays(-40), TimeSpan.FromMinutes(1), "old-");
            AuditRows.Insert(DatabasePath, 2, Now.AddDays(-20), TimeSpan.FromMinutes(1), "kept-");
            var memory = new MemoryLog();
            var settings = new MfaSettings { AuditRetentionDays = 30 };

            using (new AuditRetentionScheduler(_store.AuditLog, () => settings, memory.CreateLogger("RasMfa.Audit"), TimeSpan.Zero, Timeout.InfiniteTimeSpan))
                Assert.True(SpinWait.SpinUntil(() => memory.Since(0).Count > 0, TimeSpan.FromSeconds(10)), "the purge did not run");

            var logged = Assert.Single(memory.Since(0));
            Assert.Equal(LogLevel.Information, logged.Level);
            Assert.StartsWith("Removed 3 audit records older than ", logged.Message);
            Assert.EndsWith("(AuditRetentionDays 30).", logged.Message);
            var left = _store.AuditLog.Read(new AuthenticationLogQuery()).Select(r => r.UserName).ToArray();
            Assert.Equal(new[] { "kept-0", "kept-1", "RasMfa (AuditRetentionDays)" }, left);
        }

        [Fact]
        public void A_purge_that_fails_is_logged_at_error_under_its_own_event_id()
        {
            // An admin's alert rule filters by event id (docs/operations.md): a failure logged under 0 is lost among the unclassed lines.
            var memory = new MemoryLog();
            var settings = new MfaSettings { AuditRetentionDays = 30 };

            using (new AuditRetentionScheduler(new UnwritableAuditLog(), () => settings, memory.CreateLogger("RasMfa.Audit"), TimeSpan.Zero, Timeout.InfiniteTimeSpan))
                Assert.True(SpinWait.SpinUntil(() => memory.Since(0).Count > 0, TimeSpan.FromSeconds(10)), "the purge did not run");

            var logged = Assert.Single(memory.Since(0));
            Assert.Equal((LogLevel.Error, RasMfa.Engine.Logging.LogEvents.AuditRetentionFailed.Id), (logged.Level, logged.EventId));
        }

        private sealed class UnwritableAuditLog : IAuditLog
        {
            public System.Collections.Generic.IEnumerable<AuthenticationRecord> Read(AuthenticationLogQuery query) => new AuthenticationRecord[0];

            public System.Collections.Generic.IReadOnlyList<AuthenticationRecord> Query(AuthenticationLogQuery query) => new AuthenticationRecord[0];

            public int RemoveOlderThan(DateTime cutoffUtc, int limit) => throw new TimeoutException("the store's write lock is held elsewhere");

            public void Add(AuthenticationRecord record) => throw new TimeoutException("the store's write lock is held elsewhere");
        }

        [Fact]
        public void Retention_zero_keeps_everything_and_the_default_is_ninety_days()
        {
            Assert.Null(AuditLogService.RetentionCutoff(0, Now));
            Assert.Equal(Now.AddDays(-90), AuditLogService.RetentionCutoff(new MfaSettings().AuditRetentionDays, Now));
            Assert.NotNull(new MfaSettings { AuditRetentionDays = -1 }.Invalidity());
            Assert.NotNull(new MfaSettings { AuditRetentionDays = MfaSettings.MaxAuditRetentionDays + 1 }.Invalidity());
        }

        [Fact]
        public void Reading_the_first_or_the_newest_record_of_a_large_log_reads_one_row_not_the_table()
        {
            const int Rows = 100_000;
            AuditRows.Insert(DatabasePath, Rows, Now.AddDays(-10), TimeSpan.FromSeconds(1), "user-");
            var service = new AuditLogService(_store.AuditLog);

            var first = service.Read(new AuthenticationLogQuery()).First();
            Assert.Equal("user-0", first.UserName);
            Assert.Equal(1, Log.RowsRead);

            var newest = service.Read(new AuthenticationLogQuery { Last = 1 }).Single();
            Assert.Equal("user-99999", newest.UserName);
            Assert.Equal(2, Log.RowsRead);

            // The whole selection is still there for whoever reads on.
            Assert.Equal(Rows, service.Read(new AuthenticationLogQuery()).Count());
            Assert.Equal(2 + Rows, Log.RowsRead);
        }

        [Fact]
        public void Paging_skips_and_takes_from_the_oldest_of_the_selection_after_last()
        {
            AuditRows.Insert(DatabasePath, 10, Now.AddHours(-1), TimeSpan.FromSeconds(1), "u");

            var page = _store.AuditLog.Read(new AuthenticationLogQuery { Last = 5, Skip = 1, First = 2 }).Select(r => r.UserName);

            Assert.Equal(new[] { "u6", "u7" }, page);
            Assert.Equal(new[] { "u8", "u9" }, _store.AuditLog.Read(new AuthenticationLogQuery { Skip = 8 }).Select(r => r.UserName));
        }

        public void Dispose()
        {
            _store.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }
    }
}
