using System.Collections.Generic;

namespace RasMfa.Engine.Audit
{
    /// <summary>The authentication records kept: the login path writes them with its decisions; admins read them here.</summary>
    public interface IAuditLog
    {
        IReadOnlyList<AuthenticationRecord> Query(AuthenticationLogQuery query);
    }
}
