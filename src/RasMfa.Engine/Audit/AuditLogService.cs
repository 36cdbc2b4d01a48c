using System.Collections.Generic;
using RasMfa.Engine.Storage;

namespace RasMfa.Engine.Audit
{
    /// <summary>The engine's front door for the audit log: what was decided for each request, and why. The listener writes it; admins read it.</summary>
    public sealed class AuditLogService
    {
        private readonly IRasMfaStore _store;

        public AuditLogService(IRasMfaStore store) => _store = store;

        public IReadOnlyList<AuthenticationRecord> Query(AuthenticationLogQuery query) => _store.AuditLog.Query(query);
    }
}
