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
                _logger.LogError(LogEvents.AuditRecordNotWritten, "{Count} more audit records were not written in the last period and not logged in full; they wait in the spool to be written ({Unwritten} not written so far).",
                    turn.SuppressedBefore, unwrittenSoFar);
            if (turn.Write)
                _logger.LogError(LogEvents.AuditRecordNotWritten, error, "Audit record not written ({Unwritten} so far): {Time} {Result} {User} at {Client} ({Address}) by {Method} in {Milliseconds} ms: {Reason}.",
                    unwrittenSoFar, Time(record), record.Result, DisplayText.Escape(record.UserName), DisplayText.Escape(record.ClientName), record.ClientAddress,
                    DisplayText.Escape(record.Method), record.Milliseconds, DisplayText.Escape(record.Reason));
            else if (turn.FirstSuppressedInInterval)
                _logger.LogError(LogEvents.AuditRecordNotWritten, "More than {Limit} audit records were not written within {Seconds} s: the rest of this period's are counted and kept in the spool, not logged in full ({Error}).",
                    FullLinesPerPeriod, Period.TotalSeconds, error.Message);
            return turn.Write;
        }

        /// <summary>A record the store refused (a constraint): not kept, since writing it again would be refused again; the log is all there is of it.</summary>
        public void Refused(Exception error, AuthenticationRecord record, long unwrittenSoFar) =>
            _logger.LogError(LogEvents.AuditRecordNotWritten, error, "Audit record not written ({Unwritten} so far), and not kept: the store refused it and would refuse it again: {Time} {Result} {User} at {Client} ({Address}) by {Method} in {Milliseconds} ms: {Reason}.",
                unwrittenSoFar, Time(record), record.Result, DisplayText.Escape(record.UserName), DisplayText.Escape(record.ClientName), record.ClientAddress,
                DisplayText.Escape(record.Method), record.Milliseconds, DisplayText.Escape(record.Reason));

        /// <summary>A record the full spool gave up, that was not logged in full when kept: logged now, since nothing else holds it.</summary>
        public void GivenUp(AuthenticationRecord record) =>
            _logger.LogError(LogEvents.AuditRecordNotWritten, "Audit record not written, and given up by the full spool: {Time} {Result} {User} at {Client} ({Address}) by {Method} in {Milliseconds} ms: {Reason}.",
                Time(record), record.Result, DisplayText.Escape(record.UserName), DisplayText.Escape(record.ClientName), record.ClientAddress,
                DisplayText.Escape(record.Method), record.Milliseconds, DisplayText.Escape(record.Reason));

        private static string Time(AuthenticationRecord record) => record.TimeUtc.ToString("o", System.Globalization.CultureInfo.InvariantCulture);
    }
}
