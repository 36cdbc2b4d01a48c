using System;
using System.Collections.Generic;

namespace RasMfa.Engine.Audit
{
    /// <summary>The authentication records kept: the login path writes them with its decisions; admins read and purge them here.</summary>
    public interface IAuditLog
    {
        /// <summary>The records the query selects, oldest first, read from the store as they are enumerated (never all loaded).</summary>
        IEnumerable<AuthenticationRecord> Read(AuthenticationLogQuery query);

        /// <summary><see cref="Read"/>, loaded at once: for a caller that wants a list and knows the selection is small.</summary>
        IReadOnlyList<AuthenticationRecord> Query(AuthenticationLogQuery query);

        /// <summary>Removes at most <paramref name="limit"/> of the records older than <paramref name="cutoffUtc"/>, in one short write; how many.</summary>
        int RemoveOlderThan(DateTime cutoffUtc, int limit);

        /// <summary>Adds a record outside a login (the note a purge leaves).</summary>
        void Add(AuthenticationRecord record);
    }
}
