using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Mfa.Stages;
using RasMfa.Engine.Radius;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>
    /// Audit records the store does not take are never lost silently: each is counted (AuditRecordsNotWritten), logged in
    /// full, and kept to be written again unless the store refused it outright, which it would do again.
    /// </summary>
    public sealed class UnwrittenAuditTests : IDisposable
    {
        private readonly MemoryLog _log = new MemoryLog();
        private readonly MfaFixture _f;
        private readonly SwitchableLoginStore _logins;
        private readonly MfaRequestHandler _handler;

        public UnwrittenAuditTests()
        {
            _f = new MfaFixture();
            _f.Settings = new MfaSettings { StoreUnavailableAnswer = StoreUnavailableAnswer.Reject };
            _f.Enrol("alice");
            _logins = new SwitchableLoginStore(_f.Store.Logins);
            _handler = new MfaRequestHandler(_logins, () => _f.Settings, _f.Challenges, _log.CreateLogger("RasMfa.Test"), () => _f.Now);
        }

        public void Dispose()
        {
            _log.Dispose();
            _f.Dispose();
        }

        private string[] Logged() => _log.Since(0).Select(entry => entry.Level + ": " + entry.Message).ToArray();

        private void Execute(string sql)
        {
            using var connection = new SqliteConnection($"Data Source={_f.Store.Location};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        private const string RefuseAuditRecords =
            "CREATE TRIGGER refuse_audit BEFORE INSERT ON authentication_log BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;";

        [Fact]
        public async Task A_record_the_store_refuses_is_counted_as_not_written_and_logged_as_not_kept()
        {
            Execute(RefuseAuditRecords);

            Assert.Equal(RadiusCode.AccessReject, (await _f.PapAsync("alice", "000000", handler: _handler)).Code);

            Assert.Equal(1, _handler.UnwrittenAudit.Unwritten);   // what Get-RasMfaRadiusServer shows as AuditRecordsNotWritten
            Assert.Equal(0, _handler.UnwrittenAudit.Waiting);     // it would be refused again
            var line = Assert.Single(Logged(), l => l.StartsWith("Error: Audit record not written (1 so far), and not kept", StringComparison.Ordinal));
            Assert.True(line.Contains("Reject alice at ras (192.0.2.10)"), line);
        }

        [Fact]
        public async Task A_spooled_record_the_store_then_refuses_is_not_reported_as_written()
        {
            _logins.Unavailable = true;
            await _f.PapAsync("alice", "000000", handler: _handler);   // kept in the spool
            _logins.Unavailable = false;
            Assert.Equal(1, _handler.UnwrittenAudit.Waiting);
            Execute(RefuseAuditRecords);

            await _handler.UnwrittenAudit.StoreIsWritable();

            Assert.Equal(0, _handler.UnwrittenAudit.Waiting);
            Assert.DoesNotContain(Logged(), l => l.Contains("Wrote 1 audit records"));
            Assert.Contains(Logged(), l => l.StartsWith("Error: 1 spooled audit records were refused by the store", StringComparison.Ordinal));
        }

        [Fact]
        public async Task While_the_store_is_unavailable_records_are_logged_in_full_at_a_limited_rate_and_all_written_once_it_is_back()
        {
            int logins = UnwrittenAuditLog.FullLinesPerPeriod + 5;
            _logins.Unavailable = true;
            for (int i = 0; i < logins; i++) await _f.PapAsync("alice", "000000", handler: _handler);

            Assert.Equal(UnwrittenAuditLog.FullLinesPerPeriod, Logged().Count(l => l.StartsWith("Error: Audit record not written (", StringComparison.Ordinal)));
            Assert.Single(Logged(), l => l.StartsWith($"Error: More than {UnwrittenAuditLog.FullLinesPerPeriod} audit records were not written", StringComparison.Ordinal));
            Assert.Equal(logins, _handler.UnwrittenAudit.Unwritten);
            Assert.Equal(logins, _handler.UnwrittenAudit.Waiting); // none lost: they wait in the spool

            // The next period: what was held back is summed up, and full lines start again.
            _f.Now += UnwrittenAuditLog.Period;
            await _f.PapAsync("alice", "000000", handler: _handler);
            Assert.Single(Logged(), l => l.StartsWith("Error: 5 more audit records were not written in the last period and not logged in full", StringComparison.Ordinal));
            Assert.Contains(Logged(), l => l.StartsWith($"Error: Audit record not written ({logins + 1} so far)", StringComparison.Ordinal));

            _logins.Unavailable = false;
            await _f.PapAsync("alice", "000000", handler: _handler);
            await _handler.UnwrittenAudit.StoreIsWritable();
            Assert.Equal(0, _handler.UnwrittenAudit.Waiting);
            Assert.Equal(logins + 2, _f.Store.AuditLog.Query(new RasMfa.Engine.Audit.AuthenticationLogQuery()).Count);
        }

        [Fact]
        public void A_record_the_full_spool_gives_up_that_was_not_logged_in_full_is_logged_in_full_then()
        {
            var spool = new AuditSpool(_logins, _log.CreateLogger("RasMfa.Test"), new UnwrittenAuditLog(_log.CreateLogger("RasMfa.Test")));
            spool.Keep(new RasMfa.Engine.Audit.AuthenticationRecord { UserName = "oldest", ClientName = "ras", Result = "Reject", Reason = "held back" }, loggedInFull: false);
            for (int i = 0; i < AuditSpool.Capacity; i++)
                spool.Keep(new RasMfa.Engine.Audit.AuthenticationRecord { UserName = "later", ClientName = "ras", Result = "Reject" }, loggedInFull: true);

            Assert.Equal(1, spool.GivenUp);
            var line = Assert.Single(Logged(), l => l.StartsWith("Error: Audit record not written, and given up by the full spool", StringComparison.Ordinal));
            Assert.Contains("Reject oldest at ras", line);
        }

        [Fact]
        public async Task Records_waiting_when_the_stores_writer_closes_during_a_flush_are_kept_and_the_failure_logged()
        {
            _logins.Unavailable = true;
            for (int i = 0; i < 3; i++) await _f.PapAsync("alice", "000000", handler: _handler);
            _logins.Closed = true; // the listener stopping: the store's write queue takes nothing more

            var error = await Record.ExceptionAsync(() => _handler.UnwrittenAudit.StoreIsWritable());

            Assert.Null(error);
            Assert.Equal(3, _handler.UnwrittenAudit.Waiting);
            Assert.Contains(Logged(), l => l.StartsWith("Error: 3 spooled audit records could not be written yet", StringComparison.Ordinal));
        }
    }
}
