using System;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Audit;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>
    /// The listener's log lines for audit records the store did not take, each with every field of the record (none of
    /// them is a secret), so that the log holds what the audit log lacks.
    /// </summary>
    public sealed class UnwrittenAuditLog
    {
        private readonly ILogger _logger;

        public UnwrittenAuditLog(ILogger logger) => _logger = logger;

        /// <summary>A record kept in the spool to be written again.</summary>
        public void Kept(Exception error, AuthenticationRecord record, long unwrittenSoFar) =>
            _logger.LogError(error, "Audit record not written ({Unwritten} so far): {Time} {Result} {User} at {Client} ({Address}) by {Method} in {Milliseconds} ms: {Reason}.",
                unwrittenSoFar, Time(record), record.Result, DisplayText.Escape(record.UserName), DisplayText.Escape(record.ClientName), record.ClientAddress,
                DisplayText.Escape(record.Method), record.Milliseconds, DisplayText.Escape(record.Reason));

        /// <summary>A record the store refused (a constraint): not kept, since writing it again would be refused again; the log is all there is of it.</summary>
        public void Refused(Exception error, AuthenticationRecord record, long unwrittenSoFar) =>
            _logger.LogError(error, "Audit record not written ({Unwritten} so far), and not kept: the store refused it and would refuse it again: {Time} {Result} {User} at {Client} ({Address}) by {Method} in {Milliseconds} ms: {Reason}.",
                unwrittenSoFar, Time(record), record.Result, DisplayText.Escape(record.UserName), DisplayText.Escape(record.ClientName), record.ClientAddress,
                DisplayText.Escape(record.Method), record.Milliseconds, DisplayText.Escape(record.Reason));

        private static string Time(AuthenticationRecord record) => record.TimeUtc.ToString("o", System.Globalization.CultureInfo.InvariantCulture);
    }
}
