using System;

namespace RasMfa.Engine.Push
{
    /// <summary>
    /// Push approvals in the store, which every server sharing it reads: the page on any server decides, and the server
    /// holding the RADIUS request sees the decision.
    /// </summary>
    public interface IPushApprovalStore
    {
        void Add(PushApproval approval);

        /// <summary>
        /// Adds <paramref name="approval"/> only while fewer than <paramref name="maxPendingPerUser"/> of its user's approvals
        /// are pending and unexpired at its creation, count and insert in one statement (every server sharing the store
        /// counts the same rows); false, and nothing added, when the user already has that many.
        /// </summary>
        bool TryAdd(PushApproval approval, int maxPendingPerUser);

        /// <summary>The approval whose link's token hashes to <paramref name="tokenHash"/>; null when none.</summary>
        PushApproval? FindByToken(byte[] tokenHash);

        PushApproval? Get(string id);

        /// <summary>
        /// Moves a pending, unexpired approval to <paramref name="decision"/> in one conditional update; false when it was
        /// decided already (by another page, on any server) or has expired. So an approval is decided exactly once.
        /// </summary>
        bool TryDecide(byte[] tokenHash, PushDecision decision, DateTime nowUtc);

        /// <summary>The user's approvals still pending and unexpired at <paramref name="nowUtc"/>, on every server sharing the store.</summary>
        int CountPending(string userName, DateTime nowUtc);

        /// <summary>Deletes up to <paramref name="batch"/> approvals expired before <paramref name="nowUtc"/>; how many.</summary>
        int PurgeExpired(DateTime nowUtc, int batch);
    }
}
