using System;

namespace RasMfa.Engine.Mfa
{
    /// <summary>What the store holds under a request's key: the server that claimed it, and its answer once recorded.</summary>
    public sealed class RequestDecision
    {
        public RequestDecision(RecordedAnswer? answer, string? claimedBy, DateTime claimedUtc)
        {
            Answer = answer;
            ClaimedBy = claimedBy;
            ClaimedUtc = claimedUtc;
        }

        /// <summary>Null while the claiming server has not answered.</summary>
        public RecordedAnswer? Answer { get; }

        public string? ClaimedBy { get; }

        public DateTime ClaimedUtc { get; }

        /// <summary>Set by a claim that took the key over from this server, whose claim had run past its lease unanswered.</summary>
        public string? TakenOverFrom { get; set; }

        public bool IsClaimedBy(string serverId) => Answer == null && string.Equals(ClaimedBy, serverId, StringComparison.Ordinal);
    }
}
