using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Mfa;
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
    }
}
