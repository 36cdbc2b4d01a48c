using System;
using System.Threading.Tasks;
using RasMfa.Engine.Mfa;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>The real login store, whose writes the test can make fail as a store that cannot be written does.</summary>
    public sealed class SwitchableLoginStore : DelegatingLoginStore
    {
        public SwitchableLoginStore(ILoginStore inner) : base(inner) { }

        /// <summary>True: every write fails, as one that found the write lock held past its time does.</summary>
        public volatile bool Unavailable;

        /// <summary>True: a write cannot even be queued (the store's writer has closed), and the call itself throws.</summary>
        public volatile bool Closed;

        public override Task<AttemptReservation> ReserveAttemptAsync(long userId, LockoutPolicy lockout)
        {
            if (Closed) throw new InvalidOperationException("The store's write queue is closed (test).");
            if (Unavailable) return Task.FromException<AttemptReservation>(new TimeoutException("The store's write lock was not free in time (test)."));
            return Inner.ReserveAttemptAsync(userId, lockout);
        }

        public override Task GiveBackAsync(System.Collections.Generic.IReadOnlyCollection<AttemptReservation> reservations)
        {
            if (Closed) throw new InvalidOperationException("The store's write queue is closed (test).");
            if (Unavailable) return Task.FromException(new TimeoutException("The store's write lock was not free in time (test)."));
            return Inner.GiveBackAsync(reservations);
        }

        public override Task<LoginSettlement> SettleAsync(LoginWrite write, DecidedRequest? request, Func<LoginSettlement, LoginRecord> describe)
        {
            if (Closed) throw new InvalidOperationException("The store's write queue is closed (test).");
            if (Unavailable) return Task.FromException<LoginSettlement>(new TimeoutException("The store's write lock was not free in time (test)."));
            return Inner.SettleAsync(write, request, describe);
        }

        public override Task<RequestDecision> ClaimAsync(DecidedRequest request, TimeSpan lease)
        {
            if (Closed) throw new InvalidOperationException("The store's write queue is closed (test).");
            if (Unavailable) return Task.FromException<RequestDecision>(new TimeoutException("The store's write lock was not free in time (test)."));
            return Inner.ClaimAsync(request, lease);
        }
    }
}
