using System.Collections.Generic;
using RasMfa.Engine.Audit;

namespace RasMfa.Engine.BypassCodes
{
    /// <summary>Bypass codes at rest; each change is written in one transaction with its audit record.</summary>
    public interface IBypassCodeStore
    {
        /// <summary>
        /// Stores the codes for the user, with <paramref name="audit"/>; their ids, in order. Refused (BypassCodeLimitReached),
        /// in the same transaction, when the user would then hold more than <paramref name="maxLive"/> usable codes.
        /// </summary>
        IReadOnlyList<long> Add(long userId, IReadOnlyList<NewBypassCode> codes, AuthenticationRecord audit, int maxLive);

        /// <summary>Every code, or the user's, oldest first.</summary>
        IReadOnlyList<BypassCode> List(long? userId = null);

        /// <summary>Removes the codes, with one audit record per code removed (made by <paramref name="auditOf"/>); how many were.</summary>
        int Remove(IReadOnlyList<long> ids, System.Func<BypassCode, AuthenticationRecord> auditOf);
    }
}
