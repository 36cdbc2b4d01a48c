using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Storage;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>
    /// The real login store, whose server the test can take away: its reads (and, with <see cref="WritesToo"/>, its writes)
    /// fail as the store's do when its server is unreachable (<see cref="StoreErrorKind.Unavailable"/>).
    /// </summary>
    public sealed class UnreachableLoginStore : DelegatingLoginStore
    {
        public UnreachableLoginStore(ILoginStore inner) : base(inner) { }

        /// <summary>True: the reads fail.</summary>
        public volatile bool Down;

        /// <summary>With <see cref="Down"/>: the writes fail too, as a whole server gone does.</summary>
        public volatile bool WritesToo;

        /// <summary>Set: only a user read by this name fails (a read deep in the stages), the others work.</summary>
        public string? OnlyFindOf;

        private static StoreException Unreachable() =>
            new StoreException(StoreErrorKind.Unavailable, "StoreUnreachable", "The PostgreSQL store at test cannot be reached: connection refused (test).");

        private bool Reading(string? name = null) => Down && (OnlyFindOf == null || string.Equals(OnlyFindOf, name, StringComparison.Ordinal));

        private bool Writing => Down && WritesToo;

        public override LoginLookup Find(string requestedName) => Reading(requestedName) ? throw Unreachable() : Inner.Find(requestedName);

        public override LoginLookup FindByNames(IReadOnlyCollection<string> names) => Reading() ? throw Unreachable() : Inner.FindByNames(names);

        public override PendingChallenge? FindChallenge(byte[] state) => Reading() ? throw Unreachable() : Inner.FindChallenge(state);

        public override RequestDecision? FindDecision(byte[] requestKey) => Reading() ? throw Unreachable() : Inner.FindDecision(requestKey);

        public override ChallengeCounts CountChallenges(DateTime nowUtc) => Reading() ? throw Unreachable() : Inner.CountChallenges(nowUtc);

        public override Task<AttemptReservation> ReserveAttemptAsync(long userId, LockoutPolicy lockout) =>
            Writing ? Task.FromException<AttemptReservation>(Unreachable()) : Inner.ReserveAttemptAsync(userId, lockout);

        public override Task GiveBackAsync(IReadOnlyCollection<AttemptReservation> reservations) =>
            Writing ? Task.FromException(Unreachable()) : Inner.GiveBackAsync(reservations);

        public override Task<LoginSettlement> SettleAsync(LoginWrite write, DecidedRequest? request, Func<LoginSettlement, LoginRecord> describe) =>
            Writing ? Task.FromException<LoginSettlement>(Unreachable()) : Inner.SettleAsync(write, request, describe);

        public override Task<RequestDecision> ClaimAsync(DecidedRequest request, TimeSpan lease) =>
            Writing ? Task.FromException<RequestDecision>(Unreachable()) : Inner.ClaimAsync(request, lease);
    }
}
