using System.Collections.Generic;

namespace RasMfa.Engine.Audit
{
    /// <summary>The engine's front door for the audit log: what was decided for each request, and why. The listener writes it; admins read it.</summary>
    public sealed class AuditLogService
    {
        private readonly IAuditLog _log;

        public AuditLogService(IAuditLog log) => _log = log;

        public IReadOnlyList<AuthenticationRecord> Query(AuthenticationLogQuery query) => _log.Query(query);
    }
}
