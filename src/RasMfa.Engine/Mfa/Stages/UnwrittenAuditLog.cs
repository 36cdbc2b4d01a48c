using System;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Logging;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>
    /// The listener's log lines for audit records the store did not take, each with every field of the record (none of
    /// them is a secret), so that the log holds what the audit log lacks. While the store is unavailable every login would
    /// log such a line with its error: a record kept in the spool is logged in full only up to <see cref="FullLinesPerPeriod"/>
    /// times per <see cref="Period"/>, the rest counted and summed up; it is logged in full after all if the spool has
    /// to give it up. A record the store refused is kept nowhere else, and always logged in full.
    /// </summary>
    public sealed class UnwrittenAuditLog
    {
        public const int FullLinesPerPeriod = 20;
        public static readonly TimeSpan Period = TimeSpan.FromSeconds(10);
        private readonly ILogger _logger;
        private readonly RateLimitedLog _fullLines;

        public UnwrittenAuditLog(ILogger logger, Func<DateTime>? clock = null)
        {
            _logger = logger;
            _fullLines = new RateLimitedLog(Period, FullLinesPerPeriod, clock);
        }

        /// <summary>A record kept in the spool to be written again; true when it was logged in full.</summary>
        public bool Kept(Exception error, AuthenticationRecord record, long unwrittenSoFar)
        {
            var turn = _fullLines.Occurred();
            if (turn.SuppressedBefore > 0)
                StoreFailureLog.AuditRecordsNotLogged(_logger, turn.SuppressedBefore, unwrittenSoFar);
            if (turn.Write)
                StoreFailureLog.AuditRecordKept(_logger, error, record, unwrittenSoFar);
            else if (turn.FirstSuppressedInInterval)
                StoreFailureLog.AuditRecordsHeldBack(_logger, FullLinesPerPeriod, Period.TotalSeconds, error.Message);
            return turn.Write;
        }

        /// <summary>A record the store refused (a constraint): not kept, since writing it again would be refused again; the log is all there is of it.</summary>
        public void Refused(Exception error, AuthenticationRecord record, long unwrittenSoFar) =>
            StoreFailureLog.AuditRecordRefused(_logger, error, record, unwrittenSoFar);

        /// <summary>A record the full spool gave up, that was not logged in full when kept: logged now, since nothing else holds it.</summary>
        public void GivenUp(AuthenticationRecord record) =>
            StoreFailureLog.AuditRecordGivenUp(_logger, record);
    }
}
