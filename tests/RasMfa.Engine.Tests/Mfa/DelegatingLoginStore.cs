using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using RasMfa.Engine.Mfa;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>The real login store, passed through; a test's store overrides the calls it watches or breaks.</summary>
    public abstract class DelegatingLoginStore : ILoginStore
    {
        protected DelegatingLoginStore(ILoginStore inner) => Inner = inner;

        protected ILoginStore Inner { get; }

        public virtual LoginLookup Find(string requestedName) => Inner.Find(requestedName);

        public virtual LoginLookup FindByNames(IReadOnlyCollection<string> names) => Inner.FindByNames(names);

        public virtual Task<AttemptReservation> ReserveAttemptAsync(long userId, LockoutPolicy lockout) => Inner.ReserveAttemptAsync(userId, lockout);

        public virtual Task GiveBackAsync(IReadOnlyCollection<AttemptReservation> reservations) => Inner.GiveBackAsync(reservations);

        public virtual Task<LoginSettlement> SettleAsync(LoginWrite write, DecidedRequest? request, Func<LoginSettlement, LoginRecord> describe) =>
            Inner.SettleAsync(write, request, describe);

        public virtual Task<RequestDecision> ClaimAsync(DecidedRequest request, TimeSpan lease) => Inner.ClaimAsync(request, lease);

        public virtual RequestDecision? FindDecision(byte[] requestKey) => Inner.FindDecision(requestKey);

        public virtual PendingChallenge? FindChallenge(byte[] state) => Inner.FindChallenge(state);

        public virtual ChallengeCounts CountChallenges(DateTime nowUtc) => Inner.CountChallenges(nowUtc);

        public virtual Task<int> PurgeExpiredAsync(DateTime nowUtc, int batch) => Inner.PurgeExpiredAsync(nowUtc, batch);
    }
}
