using System;
using RasMfa.Engine.Radius;

namespace RasMfa.Engine.Push
{
    /// <summary>
    /// Makes approvals (token, number, decoys) and decides them for the page: an Approve counts only with the number RAS
    /// showed (compared in constant time); a wrong number refuses as a Deny does (decided WrongNumber), so guessing among three gives no second try.
    /// </summary>
    public sealed class PushApprovalService
    {
        private readonly IPushApprovalStore _store;

        public PushApprovalService(IPushApprovalStore store) => _store = store;

        public IPushApprovalStore Store => _store;

        /// <summary>Stores a new pending approval; returns it with the link's token, which exists nowhere else.</summary>
        public (PushApproval Approval, string Token) Create(string userName, string clientName, string? sourceAddress, string? callingStationId, DateTime nowUtc, TimeSpan lifetime)
        {
            var (approval, token) = New(userName, clientName, sourceAddress, callingStationId, nowUtc, lifetime);
            _store.Add(approval);
            return (approval, token);
        }

        /// <summary>
        /// As <see cref="Create"/>, only while the user has fewer than <paramref name="maxPendingPerUser"/> approvals pending
        /// (counted and stored in one step of the store's); null when they have that many.
        /// </summary>
        public (PushApproval Approval, string Token)? TryCreate(string userName, string clientName, string? sourceAddress, string? callingStationId, DateTime nowUtc,
            TimeSpan lifetime, int maxPendingPerUser)
        {
            var made = New(userName, clientName, sourceAddress, callingStationId, nowUtc, lifetime);
            return _store.TryAdd(made.Approval, maxPendingPerUser) ? made : ((PushApproval, string)?)null;
        }

        private static (PushApproval Approval, string Token) New(string userName, string clientName, string? sourceAddress, string? callingStationId, DateTime nowUtc, TimeSpan lifetime)
        {
            var token = ApprovalToken.New();
            var (number, choices) = ApprovalNumbers.Draw();
            var approval = new PushApproval(Guid.NewGuid().ToString("N"), ApprovalToken.Hash(token)!, userName, clientName, number, choices, nowUtc, nowUtc + lifetime)
            {
                SourceAddress = sourceAddress,
                CallingStationId = callingStationId,
            };
            return (approval, token);
        }

        /// <summary>The approval the link's token opens, while it can still be decided; null for an unknown, used or expired token alike.</summary>
        public PushApproval? Open(string token, DateTime nowUtc)
        {
            var hash = ApprovalToken.Hash(token);
            if (hash == null) return null;
            var approval = _store.FindByToken(hash);
            return approval != null && approval.DecisionAt(nowUtc) == PushDecision.Pending ? approval : null;
        }

        /// <summary>
        /// The page's decision: <paramref name="chosenNumber"/> null is a Deny. What this call decided; null for a token that
        /// no longer opens an approval (unknown, decided already, expired), whatever it chose.
        /// </summary>
        public PushDecision? Decide(string token, int? chosenNumber, DateTime nowUtc)
        {
            var hash = ApprovalToken.Hash(token);
            if (hash == null) return null;
            var approval = _store.FindByToken(hash);
            if (approval == null) return null;
            var decision = chosenNumber.HasValue && SameNumber(chosenNumber.Value, approval.Number) ? PushDecision.Approved
                : chosenNumber.HasValue ? PushDecision.WrongNumber : PushDecision.Denied;
            return _store.TryDecide(hash, decision, nowUtc) ? decision : (PushDecision?)null;
        }

        private static bool SameNumber(int chosen, int number) =>
            ConstantTime.AreEqual(BitConverter.GetBytes(chosen), BitConverter.GetBytes(number));
    }
}
