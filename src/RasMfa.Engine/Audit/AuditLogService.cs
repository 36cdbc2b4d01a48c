using System.Collections.Generic;

namespace RasMfa.Engine.Audit
{
    /// <summary>The engine's front door for the audit log: what was decided for each request, and why. The listener writes it; admins read it.</summary>
    public sealed class AuditLogService
    {
        private readonly IAuditLog _log;

        public AuditLogService(IAuditLog log) => _log = log;

        /// <summary>
        /// The records as an admin sees them: the store keeps the name exactly as received (so that queries match it
        /// exactly), and the view shows it, and the reason, through <see cref="DisplayText.Escape"/>: a name with terminal
        /// escapes or bidi overrides cannot repaint the console. <see cref="AuthenticationLogQuery.UserName"/> finds a
        /// record by the name as received or as shown here.
        /// </summary>
        public IReadOnlyList<AuthenticationRecord> Query(AuthenticationLogQuery query)
        {
            var records = _log.Query(query);
            foreach (var record in records)
            {
                record.UserName = DisplayText.Escape(record.UserName);
                record.Reason = DisplayText.Escape(record.Reason);
            }
            return records;
        }
    }
}
